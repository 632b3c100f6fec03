#!/usr/bin/env python3
"""A tiny OpenAI-compatible chat server for trying the lead agent's LLM mode without a real model or key.

    python3 scripts/fake-openai.py 8399 &
    OPENAI_API_KEY=dev OPENAI_BASE_URL=http://127.0.0.1:8399/v1 dotnet run --project src/Aaba.Api

It behaves like a well-mannered model: first it calls search_leads with the user's words, then it answers in the
lead_answer schema with the first three leads the tool returned. Asked for another answer schema (a configured `llm`
agent, e.g. a summarizer), it answers at once with an object that fits that schema, made from the user's text.
Loopback only; standard library only.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


def completion(message, finish_reason, prompt_tokens, completion_tokens):
    return {
        "id": f"chatcmpl-{time.time_ns()}", "object": "chat.completion", "created": int(time.time()),
        "model": "fake-model",
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def sentences(text):
    parts = [p.strip() for p in text.replace("\n", " ").split(".") if p.strip()]
    return [p + "." for p in parts] or [text]


def fit(schema, text, name=""):
    """A value that fits a (simple) JSON Schema, made from the user's text."""
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        props = schema.get("properties", {})
        return {key: fit(sub, text, key) for key, sub in props.items()}
    if kind == "array":
        items = schema.get("items", {"type": "string"})
        if items.get("type", "string") == "string":
            return [s[:200] for s in sentences(text)[:3]]
        return [fit(items, text)]
    if kind == "integer":
        return max(schema.get("minimum", 0), min(len(text.split()), schema.get("maximum", 10 ** 9)))
    if kind == "number":
        return float(max(schema.get("minimum", 0), 1))
    if kind == "boolean":
        return True
    value = sentences(text)[0] if name in ("summary", "title", "headline") else text
    limit = schema.get("maxLength", 500)
    return value[:limit]


def reply(request):
    messages = request["messages"]
    fmt = (request.get("response_format") or {}).get("json_schema") or {}
    if fmt and fmt.get("name") != "lead_answer":
        user = next(m["content"] for m in messages if m["role"] == "user")
        try:
            data = json.loads(user)
            text = data.get("text") if isinstance(data, dict) and isinstance(data.get("text"), str) else user
        except ValueError:
            text = user
        answer = fit(fmt.get("schema", {"type": "object"}), text)
        return completion({"role": "assistant", "content": json.dumps(answer)}, "stop", 120 + len(text) // 4, 60)
    tool_results = [m for m in messages if m.get("role") == "tool"]
    if not tool_results:
        words = next(m["content"] for m in messages if m["role"] == "user").split(":", 1)[-1].strip()
        call = {"id": "call_1", "type": "function",
                "function": {"name": "search_leads", "arguments": json.dumps({"query": words, "limit": 5})}}
        return completion({"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls", 150, 20)
    leads = json.loads(tool_results[-1]["content"]).get("leads", [])[:3]
    answer = {
        "summary": f"{len(leads)} leads match; the first fits best.",
        "leads": [{"title": l["title"], "source": l["source"], "url": l["url"],
                   "budget": f'${l["budget"]["min"]}-{l["budget"]["max"]} {l["budget"]["type"]}',
                   "fit_score": 90 - 10 * i, "reason": "Skills match: " + ", ".join(l["skills"][:3])}
                  for i, l in enumerate(leads)],
    }
    return completion({"role": "assistant", "content": json.dumps(answer)}, "stop", 420, 160)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        if not self.path.endswith("/chat/completions"):
            self.send_error(404)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        data = json.dumps(reply(body)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write("fake-openai: " + fmt % args + "\n")


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8399
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()
