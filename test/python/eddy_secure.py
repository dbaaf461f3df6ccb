"""A client in another gRPC implementation (Python's grpcio) against a secure
Eddy cluster: TLS checked against the cluster CA, a username and password on
every call (gRPC call credentials, header "authorization: Basic ..."), and
the refusals a client without them gets.

usage: eddy_secure.py STUBS_DIR ADDRESS CA_FILE USER PASSWORD TOPIC
  with the password: lists topics, asks ADDRESS which node leads TOPIC's
  partition 0, produces one record there and reads it back; without credentials: a list and a produce; with a wrong
  password and over plaintext: the list. Prints one JSON object.
"""
import base64
import json
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from eddy.v1 import admin_pb2, admin_pb2_grpc, fetch_pb2, fetch_pb2_grpc, metadata_pb2, metadata_pb2_grpc  # noqa: E402
from eddy.v1 import produce_pb2, produce_pb2_grpc, records_pb2  # noqa: E402

address, ca_file, user, password, topic = sys.argv[2:7]
TIMEOUT = 15
with open(ca_file, "rb") as f:
    ca = f.read()


def basic(username, secret):
    token = base64.b64encode(f"{username}:{secret}".encode()).decode()
    return grpc.metadata_call_credentials(lambda _ctx, cb: cb((("authorization", f"Basic {token}"),), None))


def channel(creds=None, tls=True, to=address):
    if not tls:
        return grpc.insecure_channel(to)
    ssl = grpc.ssl_channel_credentials(root_certificates=ca)
    return grpc.secure_channel(to, grpc.composite_channel_credentials(ssl, creds) if creds else ssl)


def outcome(fn):
    try:
        return {"ok": fn()}
    except grpc.RpcError as e:
        code = dict(e.trailing_metadata() or ()).get("eddy-error-code")
        return {"status": e.code().name, "code": code, "details": e.details()}


def list_topics(ch):
    return sorted(t.name for t in admin_pb2_grpc.AdminServiceStub(ch).ListTopics(admin_pb2.ListTopicsRequest(), timeout=TIMEOUT).topics)


def leader_of(ch):
    md = metadata_pb2_grpc.MetadataServiceStub(ch).GetMetadata(metadata_pb2.GetMetadataRequest(topics=[topic]), timeout=TIMEOUT)
    leader_id = md.topics[0].partitions[0].leader_id
    return next(n.address for n in md.nodes if n.node_id == leader_id)


result = {}
with channel(basic(user, password)) as ch:
    result["listed"] = outcome(lambda: list_topics(ch))
    result["leader"] = outcome(lambda: leader_of(ch))
records = produce_pb2.PlainRecords(records=[records_pb2.Record(key=b"py", value=b"from python over TLS")], producer_id=-1)
# Produce and fetch go to the partition's leader, as every Eddy client does.
with channel(basic(user, password), to=result["leader"].get("ok", address)) as ch:
    produce = produce_pb2_grpc.ProduceServiceStub(ch)
    result["produced"] = outcome(
        lambda: produce.Produce(
            produce_pb2.ProduceRequest(topic=topic, partition=0, acks=produce_pb2.ACKS_ALL, records=records),
            timeout=TIMEOUT,
        ).base_offset
    )
    fetch = fetch_pb2_grpc.FetchServiceStub(ch)
    result["fetched"] = outcome(
        lambda: [
            r.value.decode()
            for p in fetch.Fetch(
                fetch_pb2.FetchRequest(partitions=[fetch_pb2.FetchPartition(topic=topic, partition=0, offset=0)], format=fetch_pb2.RECORD_FORMAT_RECORDS),
                timeout=TIMEOUT,
            ).partitions
            for r in p.records
        ]
    )
with channel() as ch:
    # TLS without credentials is User:ANONYMOUS: it sees no topic and may write none.
    result["anonymousList"] = outcome(lambda: list_topics(ch))
    result["anonymousProduce"] = outcome(
        lambda: produce_pb2_grpc.ProduceServiceStub(ch).Produce(produce_pb2.ProduceRequest(topic=topic, partition=0, records=records), timeout=TIMEOUT).base_offset
    )
with channel(basic(user, "not-the-password")) as ch:
    result["wrongPassword"] = outcome(lambda: list_topics(ch))
with channel(tls=False) as ch:
    result["plaintext"] = outcome(lambda: list_topics(ch))
print(json.dumps(result))
