// Small bounded network probes.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

/** True when a TCP connection to host:port opens within `timeoutMs`. */
export function canConnect(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when a TLS handshake to host:port verifies against `ca` (PEM) within `timeoutMs`. */
export function tlsHandshakes(host, port, ca, timeoutMs = 3000) {
  return new Promise((resolve) => {
    // No servername: like a Kafka client given 127.0.0.1, this checks the certificate's IP SAN.
    const socket = tls.connect({ host, port, ca });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('secureConnect', () => done(socket.authorized));
    socket.once('error', () => done(false));
  });
}

/** True when an HTTP GET of `url` gets any response status within `timeoutMs`. */
export function httpAnswers(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.once('error', () => resolve(false));
  });
}
