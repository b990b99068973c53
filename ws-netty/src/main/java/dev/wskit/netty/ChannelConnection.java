package dev.wskit.netty;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TransportChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded connection in a Netty pipeline: the {@link TransportChannel} that a wskit connection handler
 * drives, as an inbound handler nearer the socket than the (removed) HTTP codec. Everything that touches the
 * pipeline runs on the channel's event loop, and so does every call of the handler, which is therefore confined
 * to it ({@link #confineHandler}); the other threads (an application sending, its callback executor) reach it by
 * tasks, and read its fields only through the channel.
 *
 * <p>Bytes are not copied here: received buffers are handed to the engine as views of Netty's buffers, and
 * output is produced straight into buffers from the channel's allocator, while large payloads that go on the wire
 * unchanged are written from the application's own buffer. Output stops while the channel is not writable
 * (Netty's high water mark), so that what the peer does not read waits in wskit's send queue and counts in its
 * backpressure; reading pauses by turning {@code autoRead} off.
 */
final class ChannelConnection extends ChannelInboundHandlerAdapter implements TransportChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelConnection.class);
    private static final int CHUNK = 16 * 1024;
    private static final int MIN_DETACHED = 8 * 1024;

    private final ConnectionHandler handler;
    private final AtomicBoolean writeQueued = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Runnable runHandlerWork = this::runHandlerWork;
    /** What the handler, confined to the event loop, runs when other threads hand it work. */
    private Runnable handlerWork;
    private final Object timerLock = new Object();
    private ChannelHandlerContext ctx;
    private int unflushedBatches;
    private boolean closeRequested;
    private boolean ended;
    private boolean failed;
    private IOException failure;
    private long deadline = Long.MAX_VALUE;
    private long scheduledAt = Long.MAX_VALUE;
    private Future<?> scheduled;

    ChannelConnection(ConnectionHandler handler) {
        this.handler = handler;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** Starts the engine: called on the event loop right after the 101 was written. */
    void start() {
        try {
            handler.onConnected(this);
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (!ended) {
                for (ByteBuffer view : bytes.nioBuffers()) {
                    handler.onReceived(view);
                }
            }
        } catch (RuntimeException | Error e) {
            failed(e);
        } finally {
            bytes.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            handler.onOutputProgress();
            writeOut();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (failure == null) {
            failure = cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
        }
        LOG.debug("Connection to {} failed: {}", context.channel().remoteAddress(), cause.toString());
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (!ended) {
            ended = true;
            cancelTimer();
            handler.onClosed(closeRequested ? null : failure);
        }
        context.fireChannelInactive();
    }

    @Override
    public void requestWrite() {
        if (writeQueued.compareAndSet(false, true)) {
            // a task even on the event loop: produce may run listener callbacks that ask for a write again
            ctx.executor().execute(this::writeOut);
        }
    }

    /** Produces and writes while the channel is writable, then flushes. On the event loop. */
    private void writeOut() {
        writeQueued.set(false);
        if (ended || closeRequested) {
            return;
        }
        ChannelFuture last = null;
        try {
            while (ctx.channel().isWritable() && handler.hasOutput()) {
                last = produceOnce(last);
            }
        } catch (RuntimeException | Error e) {
            failed(e);
        }
        if (last == null) {
            return;
        }
        unflushedBatches++;
        ctx.flush();
        last.addListener((ChannelFutureListener) this::batchWritten);
    }

    private ChannelFuture produceOnce(ChannelFuture previous) {
        ByteBuf out = ctx.alloc().ioBuffer(CHUNK);
        ByteBuffer window = out.nioBuffer(out.writerIndex(), out.writableBytes());
        ByteBuffer detached = handler.produceGathering(window, MIN_DETACHED);
        ChannelFuture last = previous;
        if (window.position() > 0) {
            out.writerIndex(out.writerIndex() + window.position());
            last = ctx.write(out);
        } else {
            out.release();
        }
        if (detached != null) {
            last = ctx.write(Unpooled.wrappedBuffer(detached));
        }
        return last;
    }

    private void batchWritten(ChannelFuture written) {
        unflushedBatches--;
        if (!written.isSuccess()) {
            exceptionCaught(ctx, written.cause());
            return;
        }
        if (unflushedBatches == 0 && !ended) {
            handler.onOutputFlushed();
        }
    }

    /** Serving the connection threw: it fails with 1011, and a second failure closes it at once. */
    private void failed(Throwable e) {
        LOG.error("Connection to {} failed on its event loop; closing it with 1011", remoteAddress(), e);
        if (failed || ended) {
            ctx.close();
            return;
        }
        failed = true;
        handler.onInternalError(e);
        requestWrite();
    }

    @Override
    public void close() {
        onLoop(() -> {
            closeRequested = true;
            // after what was produced: written in order before the empty buffer, then the channel (and TLS) closes
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        });
    }

    /** Every handler call of this connection is made on the channel's event loop: the handler needs no lock. */
    @Override
    public boolean confineHandler(Runnable work) {
        handlerWork = work;
        return true;
    }

    @Override
    public void wakeHandler() {
        if (wakeQueued.compareAndSet(false, true)) {
            ctx.executor().execute(runHandlerWork);
        }
    }

    private void runHandlerWork() {
        wakeQueued.set(false);
        if (ended) {
            return;
        }
        try {
            handlerWork.run();
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    @Override
    public void closeLingering() {
        close();
    }

    @Override
    public void abort() {
        onLoop(() -> {
            closeRequested = true;
            ctx.channel().close();
        });
    }

    private void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    /**
     * Keeps one task scheduled at the earliest deadline asked for: a later deadline moves no task (the task finds
     * it not yet due and schedules itself again), so that deadlines that move with every message cost nothing.
     */
    @Override
    public void scheduleTimer(long deadlineNanos) {
        synchronized (timerLock) {
            deadline = deadlineNanos;
            if (deadlineNanos == Long.MAX_VALUE || scheduled != null && scheduledAt - deadlineNanos <= 0) {
                return;
            }
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            schedule(deadlineNanos);
        }
    }

    /** Under the timer lock. */
    private void schedule(long at) {
        scheduledAt = at;
        scheduled = ctx.executor().schedule(this::onTimer, Math.max(0, at - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        long now = System.nanoTime();
        synchronized (timerLock) {
            scheduled = null;
            scheduledAt = Long.MAX_VALUE;
            if (deadline == Long.MAX_VALUE || ended) {
                return;
            }
            if (now - deadline < 0) {
                schedule(deadline);
                return;
            }
        }
        try {
            handler.onTimer(now);
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    private void cancelTimer() {
        synchronized (timerLock) {
            if (scheduled != null) {
                scheduled.cancel(false);
                scheduled = null;
            }
            scheduledAt = Long.MAX_VALUE;
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        ctx.channel().config().setAutoRead(!paused);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) ctx.channel().localAddress();
    }

    @Override
    public boolean isSecure() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }
}
