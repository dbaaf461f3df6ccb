"""Admin calls from Python's grpcio to any node of an Eddy cluster, with no
redirect logic: every node accepts AdminService and forwards the call to the
active controller.

usage: eddy_admin.py STUBS_DIR PREFIX ACTIVE_ADDR OTHER_ADDR ADDR [ADDR...]
  creates the topic PREFIX-<i> through the i-th ADDR (one call each, no retry),
  lists the topics through every ADDR, then makes two bad calls (a topic that
  exists, an invalid name) both at the active controller and through
  OTHER_ADDR, a node that is not the active controller, so the caller can
  check that the forwarded errors are the controller's own.
Prints one JSON object.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from eddy.v1 import admin_pb2, admin_pb2_grpc  # noqa: E402

prefix, active, other, addresses = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
TIMEOUT = 15


def rpc_error(e):
    trailers = {k: v for k, v in (e.trailing_metadata() or ()) if k.startswith("eddy-")}
    return {"status": e.code().name, "details": e.details(), "trailers": trailers}


def admin(address):
    channel = grpc.insecure_channel(address)
    return channel, admin_pb2_grpc.AdminServiceStub(channel)


created = []
for i, address in enumerate(addresses):
    topic = f"{prefix}-{i}"
    channel, stub = admin(address)
    with channel:
        try:
            res = stub.CreateTopic(admin_pb2.CreateTopicRequest(name=topic, partitions=1, replication_factor=1), timeout=TIMEOUT)
            created.append({"address": address, "topic": topic, "created": res.topic.name, "error": None})
        except grpc.RpcError as e:
            created.append({"address": address, "topic": topic, "created": None, "error": rpc_error(e)})

listed = {}
for address in addresses:
    channel, stub = admin(address)
    with channel:
        try:
            res = stub.ListTopics(admin_pb2.ListTopicsRequest(), timeout=TIMEOUT)
            listed[address] = sorted(t.name for t in res.topics if t.name.startswith(prefix))
        except grpc.RpcError as e:
            listed[address] = rpc_error(e)

bad_calls = {
    "alreadyExists": admin_pb2.CreateTopicRequest(name=f"{prefix}-0", partitions=1, replication_factor=1),
    "invalidName": admin_pb2.CreateTopicRequest(name=f"{prefix} has spaces!", partitions=1, replication_factor=1),
}
errors = {}
for name, request in bad_calls.items():
    errors[name] = {}
    for via, address in (("direct", active), ("forwarded", other)):
        channel, stub = admin(address)
        with channel:
            try:
                stub.CreateTopic(request, timeout=TIMEOUT)
                errors[name][via] = None
            except grpc.RpcError as e:
                errors[name][via] = rpc_error(e)

print(json.dumps({"created": created, "listed": listed, "errors": errors}))
