#!/usr/bin/env python3
"""Creates the benchmark's subscribers and free resources over the
management interface (the same API the benchmark measures)."""
import http.client
import json
import sys

port = int(sys.argv[1])
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Content-Type": "application/json", "Authorization": "Bearer demo-portal"}


def call(op, body):
    conn.request("POST", "/cmr/1/" + op, json.dumps(body), headers)
    reply = json.loads(conn.getresponse().read())
    if reply["StatusCode"] != 0:
        sys.exit(f"{op} {body}: {reply}")


for i in range(200):
    call("ResourceManagement", {"OperationType": 2, "ResourceId": f"bench-{i}", "Name": f"Bench {i}",
                                "MediaType": "Audio", "Price": "0"})
for run in range(1, 4):
    for tid in range(2):
        for n in range(1000):
            call("ServiceSubscription", {"OperationType": 2, "SubscriberId": f"4980{run}{tid}{n:04d}"})
