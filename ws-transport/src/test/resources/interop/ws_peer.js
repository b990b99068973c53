'use strict';
/*
 * A Node `ws` peer for wskit's interop test (NodeWsInteropTest), speaking the stdio protocol of
 * websockets_peer.py:
 *
 * server [--no-compression]
 *     An echo server on 127.0.0.1 that prints "port N" once listening. Text "ping please" makes it ping with
 *     "peer", "close please" makes it close with 4001 "peer bye"; any other message comes back as it came.
 *     Prints "open EXTENSIONS" when a connection opens and "closed CODE REASON" when it ends.
 *
 * client URL [--no-compression]
 *     Connects, prints "open EXTENSIONS", then runs the commands of stdin, one a line, and prints what arrives.
 *     Commands: text HEX, binary HEX, ping HEX, close CODE REASON_HEX (HEX: the payload's bytes, maybe none).
 *     Prints: text HEX, binary HEX, ping HEX, pong HEX, closed CODE REASON.
 *
 * permessage-deflate is on unless --no-compression, with a threshold of 0 so that even empty messages are
 * compressed. `ws` is found through NODE_PATH.
 */
const readline = require('readline');
const WebSocket = require('ws');

const MAX_PAYLOAD = 16 * 1024 * 1024;
const args = process.argv.slice(2);
const perMessageDeflate = args.includes('--no-compression') ? false : { threshold: 0 };

function say(...words) {
  process.stdout.write(words.join(' ') + '\n');
}

function hex(text) {
  return Buffer.from(text, 'hex');
}

function serve() {
  const server = new WebSocket.WebSocketServer({
    host: '127.0.0.1', port: 0, perMessageDeflate, maxPayload: MAX_PAYLOAD,
  });
  let extensions = '';
  server.on('headers', (headers) => {
    const line = headers.find((header) => /^sec-websocket-extensions:/i.test(header));
    extensions = line ? line.slice(line.indexOf(':') + 1).trim() : '';
  });
  server.on('listening', () => say('port', server.address().port));
  server.on('connection', (ws) => {
    say('open', extensions);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString('utf8');
      if (text === 'ping please') {
        ws.ping(Buffer.from('peer'));
      } else if (text === 'close please') {
        ws.close(4001, 'peer bye');
      } else {
        ws.send(data, { binary: isBinary });
      }
    });
    ws.on('close', (code, reason) => say('closed', code, reason.toString('utf8')));
  });
}

function connect(url) {
  const ws = new WebSocket(url, { perMessageDeflate, maxPayload: MAX_PAYLOAD });
  let extensions = '';
  ws.on('upgrade', (response) => {
    extensions = response.headers['sec-websocket-extensions'] || '';
  });
  ws.on('open', () => {
    say('open', extensions);
    readline.createInterface({ input: process.stdin }).on('line', (line) => {
      const [verb, first = '', second = ''] = line.split(' ');
      switch (verb) {
        case 'text': ws.send(hex(first), { binary: false }); break;
        case 'binary': ws.send(hex(first), { binary: true }); break;
        case 'ping': ws.ping(hex(first)); break;
        case 'close': ws.close(Number(first), hex(second).toString('utf8')); break;
        default: say('unknown command', verb);
      }
    });
  });
  ws.on('message', (data, isBinary) => say(isBinary ? 'binary' : 'text', data.toString('hex')));
  ws.on('ping', (data) => say('ping', data.toString('hex')));
  ws.on('pong', (data) => say('pong', data.toString('hex')));
  ws.on('error', (error) => say('error', error.message));
  ws.on('close', (code, reason) => {
    say('closed', code, reason.toString('utf8'));
    process.exit(0);
  });
}

if (args[0] === 'server') {
  serve();
} else {
  connect(args[1]);
}
