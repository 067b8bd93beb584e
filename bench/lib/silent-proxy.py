"""A TCP proxy that can go silent: the network cut of bench/lib/verify-abuse.sh.

    python3 silent-proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT

Forwards every connection to the target until it receives SIGUSR1; from then on it forwards nothing in either
direction and accepts new connections without forwarding them, but closes no socket: what a dead link or a lost
route looks like from the service, which gets no error, only silence (the tests' SilenceableProxy does the same).
"""
import asyncio
import signal
import sys

silent = asyncio.Event()


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if silent.is_set():
                # Swallow it, and everything after it: the bytes never arrive and nobody is told.
                await asyncio.Event().wait()
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        if not silent.is_set():
            writer.close()


async def handle(client_reader, client_writer):
    if silent.is_set():
        await asyncio.Event().wait()
    target_reader, target_writer = await asyncio.open_connection(sys.argv[2], int(sys.argv[3]))
    await asyncio.gather(pipe(client_reader, target_writer), pipe(target_reader, client_writer))


async def main():
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, silent.set)
    server = await asyncio.start_server(handle, "127.0.0.1", int(sys.argv[1]))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
