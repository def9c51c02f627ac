#!/usr/bin/env python3
"""A tiny MCP server over stdio (newline-delimited JSON-RPC), standard library only.

Fixtures that stage an MCP configuration point at it (the placeholder ${FAKE_MCP} in a
sidecar file becomes the absolute path of this script). Whatever name the configuration
gives the server, it offers the same two tools, `alpha` and `beta`, so an agent's
`tools: mcp__<server>__alpha` can resolve. It answers `initialize`, `tools/list`, `ping`,
and empty lists for resources and prompts; tool calls return the text "ok".
"""

import json
import sys

TOOLS = [
    {"name": "alpha", "description": "Recorder test tool alpha.",
     "inputSchema": {"type": "object", "properties": {}}},
    {"name": "beta", "description": "Recorder test tool beta.",
     "inputSchema": {"type": "object", "properties": {}}},
]


def answer(method, params):
    if method == "initialize":
        return {
            "protocolVersion": params.get("protocolVersion", "2025-06-18"),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "recorder-fake-mcp", "version": "1.0.0"},
        }
    if method == "tools/list":
        return {"tools": TOOLS}
    if method == "tools/call":
        return {"content": [{"type": "text", "text": "ok"}]}
    if method == "resources/list":
        return {"resources": []}
    if method == "resources/templates/list":
        return {"resourceTemplates": []}
    if method == "prompts/list":
        return {"prompts": []}
    if method == "ping":
        return {}
    return None


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if "id" not in msg or "method" not in msg:
            continue  # a notification or a response: nothing to say
        result = answer(msg["method"], msg.get("params") or {})
        if result is None:
            reply = {"jsonrpc": "2.0", "id": msg["id"],
                     "error": {"code": -32601, "message": "method not found"}}
        else:
            reply = {"jsonrpc": "2.0", "id": msg["id"], "result": result}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
