"""Benchmark driver for scripts/bench-scan: `tfsecrets scan` of a generated raw state next to `json.load` of the
same file in Python. Starts its own moto on 127.0.0.1 (helpers of scripts/bench.py) and stops it by pid."""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (start_moto, env_for, boto, PROCS)

SERVICE = "benchscan"


def secret_values(n, rng):
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_!@%"
    return [f"s{i:03d}-" + "".join(rng.choice(alphabet) for _ in range(rng.randint(14, 30))) for i in range(n)]


def generate_state(path, target_mb, secrets, placed, rng):
    """A raw state v4 of about `target_mb` MB: EC2-like resources with ids, ARNs, tags, IAM policies (JSON in a
    string) and user data; `placed` secrets appear in it (whole, embedded, in a policy, in an output)."""
    def user_data(i):
        lines = [f"#!/bin/bash\necho \"node {i}\" >> /var/log/boot.log"]
        lines += [f"export VAR_{j}=\"value-{rng.getrandbits(64):016x}\"" for j in range(40)]
        return "\n".join(lines) + "\n"

    def policy(i):
        return json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
             "Resource": [f"arn:aws:s3:::bucket-{i}", f"arn:aws:s3:::bucket-{i}/*"],
             "Condition": {"StringEquals": {"aws:SourceVpc": f"vpc-{rng.getrandbits(32):08x}"}}}]})

    resources, outputs = [], {}
    size, i = 0, 0
    todo = list(placed)
    while size < target_mb * 1_000_000:
        attrs = {
            "id": f"i-{rng.getrandbits(64):016x}",
            "arn": f"arn:aws:ec2:us-east-1:123456789012:instance/i-{rng.getrandbits(64):016x}",
            "ami": f"ami-{rng.getrandbits(32):08x}",
            "instance_type": "t3.micro",
            "private_ip": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "tags": {"Name": f"node-{i}", "env": "prod", "owner": "platform"},
            "user_data": user_data(i),
            "iam_policy": policy(i),
            "root_block_device": [{"volume_size": 20, "volume_type": "gp3", "encrypted": True, "iops": 3000}],
        }
        if todo and i % 997 == 0:
            s = todo.pop()
            kind = len(todo) % 3
            if kind == 0:
                attrs["password"] = s
            elif kind == 1:
                attrs["user_data"] += f"export DB_URL=\"postgres://app:{s}@db:5432/app\"\n"
            else:
                attrs["iam_policy"] = json.dumps({"token": s, "note": "<&>"})
        res = {"mode": "managed", "type": "aws_instance", "name": f"n{i}",
               "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
               "instances": [{"schema_version": 1, "attributes": attrs, "sensitive_attributes": [],
                              "private": "eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ=="}]}
        size += len(json.dumps(res, indent=2))
        resources.append(res)
        i += 1
    for s in todo:
        outputs[f"out_{len(outputs)}"] = {"value": f"https://user:{s}@example.com", "type": "string", "sensitive": True}
    state = {"version": 4, "terraform_version": "1.11.4", "serial": 42, "lineage": "bench", "outputs": outputs,
             "resources": resources, "check_results": None}
    with open(path, "w") as f:
        json.dump(state, f, indent=2)
    return i


def timed(cmd, env=None, stdin=None):
    """(seconds, peak RSS in MB, exit code) of one run, measured by /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r") as t:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd, env=env, stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        secs = time.perf_counter() - start
        rss = int(t.read().strip().splitlines()[-1]) / 1024
    return secs, rss, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tfsecrets", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mb", type=int, default=40)
    ap.add_argument("--secrets", type=int, default=100)
    args = ap.parse_args()
    rng = random.Random(10)
    secrets = secret_values(args.secrets, rng)
    work = tempfile.mkdtemp(prefix="bench-scan-")
    state = os.path.join(work, "big.tfstate")
    placed = secrets[:10]
    n = generate_state(state, args.mb, secrets, placed, rng)
    mb = os.path.getsize(state) / 1e6
    try:
        url = bench.start_moto()
        ssm = bench.boto(url)
        for i, v in enumerate(secrets):
            ssm.put_parameter(Name=f"/{SERVICE}/key_{i:03d}", Value=v, Type="SecureString", Overwrite=True)
        env = bench.env_for(url)
        load = os.getloadavg()
        print(f"machine: {os.cpu_count()} CPU(s), load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start")
        print(f"state: {mb:.1f} MB, {n} resources; {args.secrets} stored secrets, {len(placed)} of them in the state")
        print()
        py = [sys.executable, "-c", f"import json; json.load(open({state!r}))"]
        ts = [args.tfsecrets, "scan", SERVICE, "--state", state]
        rows = []
        for name, cmd in [("python3 json.load (parse only)", py), ("tfsecrets scan --state (fetch + parse + match)", ts),
                          ("tfsecrets scan --state --json", ts + ["--json"])]:
            runs = [timed(cmd, env) for _ in range(args.runs)]
            codes = {r[2] for r in runs}
            rows.append((name, statistics.median(r[0] for r in runs), max(r[1] for r in runs), codes))
        print("| command | median of {} runs | peak RSS | exit |".format(args.runs))
        print("|---|---:|---:|---|")
        for name, secs, rss, codes in rows:
            print(f"| {name} | {secs * 1000:.0f} ms | {rss:.0f} MB | {','.join(map(str, sorted(codes)))} |")
        out = subprocess.run(ts, env=env, capture_output=True, text=True)
        found = [l for l in out.stdout.splitlines() if ": /" in l]
        print()
        print(f"findings: {len(found)} (expected {len(placed)}); summary: {out.stdout.splitlines()[-1]}")
        if len(found) != len(placed) or any(s in out.stdout + out.stderr for s in secrets):
            sys.exit("unexpected scan output")
    finally:
        for p in bench.PROCS:
            p.terminate()
            p.wait()
        os.remove(state)
        os.rmdir(work)


if __name__ == "__main__":
    main()
