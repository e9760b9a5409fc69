"""Local upstreams for the differential suite (tests/fidelity/run.sh).

  upstream.py HTTP_PORT TCP_PORT

HTTP_PORT: answers each HTTP request after 2 s (slower than the probe's
300 ms callout timeouts); GET /reset gets its headers and 7 of 100 body
bytes, then the connection closes; GET /fid/resp_buf gets a chunked body
"ab", "cd", "ef", 200 ms apart (three reads, three body events in Envoy). TCP_PORT: echoes what it reads; on a read that
contains "close" it answers "bye" and, 200 ms later, closes first; on EOF it closes.
Loopback only; runs until killed.
"""
import socket
import sys
import threading
import time


def slow_http(conn):
    with conn:
        try:
            req = conn.recv(65536)
            if req.startswith(b"GET /fid/resp_buf "):
                conn.sendall(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
                for chunk in (b"ab", b"cd", b"ef"):
                    conn.sendall(b"2\r\n" + chunk + b"\r\n")
                    time.sleep(0.2)
                conn.sendall(b"0\r\n\r\n")
                time.sleep(0.1)
                return
            if req.startswith(b"GET /reset "):
                # Headers and part of the body, then the connection ends.
                conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial")
                time.sleep(0.1)
                return
            time.sleep(2)
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nslow")
        except OSError:
            pass


def tcp_echo(conn):
    with conn:
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                if b"close" in data:
                    # The FIN apart from the data, so Envoy always reads
                    # them in two events (one segment would be one event).
                    conn.sendall(b"bye")
                    time.sleep(0.2)
                    return
                conn.sendall(data)
        except OSError:
            pass


def serve(port, handler):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


threading.Thread(target=serve, args=(int(sys.argv[1]), slow_http), daemon=True).start()
serve(int(sys.argv[2]), tcp_echo)
