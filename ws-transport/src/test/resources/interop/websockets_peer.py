"""A python `websockets` peer for wskit's interop test (PythonWebsocketsInteropTest). Talks over stdio:

server [--no-compression]
    An echo server on 127.0.0.1 that prints "port N" once listening. Text "ping please" makes it ping with
    "peer", "close please" makes it close with 4001 "peer bye"; any other message comes back as it came.
    Prints "open EXTENSIONS" when a connection opens and "closed CODE REASON" when it ends.

client URI [--no-compression]
    Connects, prints "open EXTENSIONS", then runs the commands of stdin, one a line, and prints what arrives.
    Commands: text HEX, binary HEX, ping HEX, close CODE REASON_HEX (HEX: the payload's bytes, maybe none).
    Prints: text HEX, binary HEX, pong HEX, closed CODE REASON.

Compression is websockets' default, permessage-deflate, unless --no-compression. Works with the asyncio API
of websockets 10 and later.
"""
import asyncio
import os
import sys

import websockets

MAX_SIZE = 16 * 1024 * 1024


def say(*words):
    print(*words, flush=True)


def extensions_of(ws):
    response = getattr(ws, "response", None)
    headers = response.headers if response is not None else ws.response_headers
    return headers.get("Sec-WebSocket-Extensions", "")


async def serve(compression):
    async def echo(ws, path=None):
        say("open", extensions_of(ws))
        try:
            async for message in ws:
                if message == "ping please":
                    await ws.ping(b"peer")
                elif message == "close please":
                    await ws.close(4001, "peer bye")
                else:
                    await ws.send(message)
        except websockets.ConnectionClosed:
            pass
        say("closed", ws.close_code, ws.close_reason)

    async with websockets.serve(echo, "127.0.0.1", 0, compression=compression, max_size=MAX_SIZE) as server:
        say("port", server.sockets[0].getsockname()[1])
        await asyncio.Future()


async def receive(ws):
    try:
        async for message in ws:
            if isinstance(message, str):
                say("text", message.encode("utf-8").hex())
            else:
                say("binary", message.hex())
    except websockets.ConnectionClosed:
        pass
    say("closed", ws.close_code, ws.close_reason)


async def await_pong(waiter, payload):
    await waiter
    say("pong", payload)


async def run_commands(ws):
    loop = asyncio.get_running_loop()
    pongs = []
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        verb, _, argument = line.rstrip("\n").partition(" ")
        if verb == "text":
            await ws.send(bytes.fromhex(argument).decode("utf-8"))
        elif verb == "binary":
            await ws.send(bytes.fromhex(argument))
        elif verb == "ping":
            pongs.append(asyncio.create_task(await_pong(await ws.ping(bytes.fromhex(argument)), argument)))
        elif verb == "close":
            code, _, reason = argument.partition(" ")
            await ws.close(int(code), bytes.fromhex(reason).decode("utf-8"))
        else:
            say("unknown command", verb)


async def connect(uri, compression):
    async with websockets.connect(uri, compression=compression, max_size=MAX_SIZE) as ws:
        say("open", extensions_of(ws))
        receiver = asyncio.create_task(receive(ws))
        commands = asyncio.create_task(run_commands(ws))
        await asyncio.wait([receiver, commands], return_when=asyncio.FIRST_COMPLETED)
        await receiver
    # the thread reading stdin may still wait for a line; nothing is left to do
    sys.stdout.flush()
    os._exit(0)


def main(args):
    compression = None if "--no-compression" in args else "deflate"
    if args[0] == "server":
        asyncio.run(serve(compression))
    else:
        asyncio.run(connect(args[1], compression))


if __name__ == "__main__":
    main(sys.argv[1:])
