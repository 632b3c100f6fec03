#!/usr/bin/env python3
"""A local CRM webhook receiver for trying the crm agent and the lead-to-crm pipeline offline.

    python3 scripts/webhook-receiver.py 8398 whsec_... [--fail-first N]

It verifies every delivery's Standard Webhooks signature (webhook-id, webhook-timestamp, webhook-signature:
HMAC-SHA256 over "id.timestamp.body" with the base64 key after "whsec_", timestamp within 5 minutes, constant-time
compare), honours webhook-id as an idempotency key (a repeated id is acknowledged but not applied again), and logs
one line per delivery. With --fail-first N it answers 500 to the first N deliveries of each id, as a flaky CRM
would. GET /log returns the log as JSON. Loopback only; standard library only.
"""
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, secret = int(sys.argv[1]), sys.argv[2]
fail_first = int(sys.argv[sys.argv.index("--fail-first") + 1]) if "--fail-first" in sys.argv else 0
key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
lock = threading.Lock()
seen, tries, log = {}, {}, []


def verify(headers, body):
    msg_id, stamp, signatures = headers.get("webhook-id"), headers.get("webhook-timestamp"), headers.get("webhook-signature")
    if not (msg_id and stamp and signatures):
        return False, "missing headers"
    if abs(time.time() - int(stamp)) > 300:
        return False, "timestamp outside 5 minutes"
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()).decode()
    for signature in signatures.split(" "):
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True, "ok"
    return False, "no matching signature"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ok, why = verify(self.headers, body)
        msg_id = self.headers.get("webhook-id")
        with lock:
            tries[msg_id] = tries.get(msg_id, 0) + 1
            if not ok:
                status, effect = 401, f"rejected ({why})"
            elif tries[msg_id] <= fail_first:
                status, effect = 500, "injected failure"
            elif msg_id in seen:
                status, effect = 200, "duplicate (already applied)"
            else:
                seen[msg_id] = json.loads(body)
                status, effect = 200, "applied"
            payload = json.loads(body) if ok else {}
            data = payload.get("data", {})
            entry = {"at": time.strftime("%H:%M:%S"), "webhook_id": msg_id, "type": payload.get("type"),
                     "lead": data.get("id") or data.get("task_id"), "company": (data.get("enrichment") or {}).get("company"),
                     "status": status, "effect": effect}
            log.append(entry)
        print(json.dumps(entry), flush=True)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with lock:
            data = json.dumps({"applied": len(seen), "deliveries": len(log), "log": log}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
