/**
 * A real HTTP server on 127.0.0.1 (a random port) that records every request and answers as a test
 * says: the Slack webhook receiver and the fake GitHub API of the launcher tests.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body as JSON (undefined when it is not JSON). */
  readonly json: unknown;
}

/** How to answer a request. */
export interface Answer {
  readonly status: number;
  readonly body?: string;
  /** Milliseconds to wait before answering. */
  readonly delayMs?: number;
}

/** A running receiver. */
export interface Receiver {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a receiver; `answer` decides each response (default 200 "ok", as Slack answers). */
export async function startReceiver(
  answer: (request: ReceivedRequest, index: number) => Answer = () => ({ status: 200, body: "ok" }),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const request: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body,
        json,
      };
      requests.push(request);
      const reply = answer(request, requests.length - 1);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, {
          "content-type": reply.body?.startsWith("{") ? "application/json" : "text/plain",
        });
        res.end(reply.body ?? "");
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
