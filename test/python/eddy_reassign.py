"""Moving a partition's replicas from Python's grpcio (stubs generated from
proto/), through any node: AlterPartitionReassignments, then
ListPartitionReassignments until the move is done, DescribeTopic and
ListNodes, and a refused request (a replica listed twice).

usage: eddy_reassign.py STUBS_DIR ADDRESS TOPIC REPLICAS
  REPLICAS: comma-separated node ids, the target replica set of partition 0.
Prints one JSON object.
"""
import json
import sys
import time

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from eddy.v1 import admin_pb2, admin_pb2_grpc, metadata_pb2  # noqa: E402

address, topic = sys.argv[2], sys.argv[3]
target = [int(x) for x in sys.argv[4].split(",")]
TIMEOUT = 15

channel = grpc.insecure_channel(address)
stub = admin_pb2_grpc.AdminServiceStub(channel)

started = stub.AlterPartitionReassignments(
    admin_pb2.AlterPartitionReassignmentsRequest(reassignments=[admin_pb2.PartitionReassignment(topic=topic, partition=0, replicas=target)]),
    timeout=TIMEOUT,
)
deadline = time.time() + 120
polls = 0
while True:
    moving = stub.ListPartitionReassignments(admin_pb2.ListPartitionReassignmentsRequest(topics=[topic]), timeout=TIMEOUT).reassignments
    described = stub.DescribeTopic(admin_pb2.DescribeTopicRequest(name=topic), timeout=TIMEOUT).topic.partitions[0]
    polls += 1
    if not moving and sorted(described.in_sync_replicas) == sorted(target) and list(described.replicas) == target:
        break
    if time.time() > deadline:
        raise SystemExit(f"move not done after 120 s: {moving} {described}")
    time.sleep(0.25)

nodes = stub.ListNodes(admin_pb2.ListNodesRequest(), timeout=TIMEOUT).nodes

refused = None
try:
    stub.AlterPartitionReassignments(
        admin_pb2.AlterPartitionReassignmentsRequest(reassignments=[admin_pb2.PartitionReassignment(topic=topic, partition=0, replicas=[target[0], target[0]])]),
        timeout=TIMEOUT,
    )
except grpc.RpcError as e:
    trailers = {k: v for k, v in (e.trailing_metadata() or ()) if k.startswith("eddy-")}
    refused = {"status": e.code().name, "details": e.details(), "trailers": trailers}

print(json.dumps({
    "started": [{"replicas": list(r.replicas), "target": list(r.target_replicas)} for r in started.reassignments],
    "polls": polls,
    "replicas": list(described.replicas),
    "inSync": sorted(described.in_sync_replicas),
    "nodes": [{"id": n.node_id, "state": metadata_pb2.NodeState.Name(n.state), "replicas": n.replica_count} for n in nodes],
    "refused": refused,
}))
