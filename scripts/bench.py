"""Benchmark driver for scripts/bench (not a test: it times things and prints Markdown tables).

Starts its own servers on 127.0.0.1 and stops them by pid:
- tests/fixtures/bench_ssm.py: a concurrent in-memory SSM that answers every request after --delay-ms, all in
  parallel, optionally behind AWS's default quotas (token buckets answering ThrottlingException);
- moto behind tests/fixtures/fault_proxy.py (the same delay added to every request): real SSM semantics, but moto
  works through requests one at a time, so its wall times include moto's own queueing.

Sections: exec (declared variables, whole service) and the aws CLI and a chamber-style plan beside it; import of
200 variables (new, unchanged); the fan-out (40 concurrent execs of 100 declared secrets under the shared 40 TPS
quota) beside a chamber-style boto3 loop with adaptive retries; peak RSS of exec with 1,000 secrets.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv", "bin")
PROCS = []


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_http(url):
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            return
        except Exception:
            time.sleep(0.05)
    sys.exit("server did not start: " + url)


def start_moto():
    port = free_port()
    p = subprocess.Popen([os.path.join(VENV, "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    PROCS.append(p)
    url = f"http://127.0.0.1:{port}"
    wait_http(url)
    subprocess.run([os.path.join(VENV, "python"), os.path.join(ROOT, "tests/fixtures/moto_admin.py"), url, "setup"],
                   check=True, stdout=subprocess.DEVNULL)
    return url


def start_fixture(script, args):
    p = subprocess.Popen([os.path.join(VENV, "python"), os.path.join(ROOT, "tests/fixtures", script)] + args,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    PROCS.append(p)
    port = p.stdout.readline().split()[1]
    return f"http://127.0.0.1:{port}"


class Counter:
    """Request counts of a bench_ssm stub or a fault_proxy, in one shape: total, by API, throttled, round trips."""

    def __init__(self, url, kind):
        self.url, self.kind = url, kind

    def reset(self):
        path = "/__stub/reset" if self.kind == "stub" else "/__proxy/reset"
        urllib.request.urlopen(urllib.request.Request(self.url + path, method="POST", data=b"")).read()

    def stats(self):
        path = "/__stub/stats" if self.kind == "stub" else "/__proxy/stats"
        s = json.loads(urllib.request.urlopen(self.url + path).read())
        by = s.get("by_api", s.get("by_target", {}))
        return {"total": s["total"], "by_api": by, "throttled": s.get("throttled", 0), "round_trips": s["round_trips"],
                "span_ms": s.get("span_ms")}


def seed_stub(url, service, n, prefix="key"):
    req = urllib.request.Request(url + "/__stub/seed", method="POST",
                                 data=json.dumps({"service": service, "count": n, "prefix": prefix}).encode())
    urllib.request.urlopen(req).read()


def env_for(url):
    e = dict(os.environ)
    for k in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "CHAMBER_KMS_KEY_ALIAS", "CHAMBER_AWS_SSM_ENDPOINT",
              "AWS_MAX_ATTEMPTS", "CHAMBER_RETRIES", "TFSECRETS_RETRY_BASE_MS"]:
        e.pop(k, None)
    e.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1",
              "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
              "AWS_ENDPOINT_URL_SSM": url, "AWS_ENDPOINT_URL_KMS": url, "AWS_ENDPOINT_URL_STS": url,
              "AWS_ENDPOINT_URL": url, "TZ": "UTC", "AWS_CONFIG_FILE": "/dev/null",
              "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"})
    return e


def boto(url, adaptive=False):
    import boto3
    from botocore.config import Config
    cfg = Config(retries={"mode": "adaptive", "max_attempts": 10}, max_pool_connections=50) if adaptive else None
    return boto3.client("ssm", region_name="us-east-1", endpoint_url=url, config=cfg,
                        aws_access_key_id="bench", aws_secret_access_key="bench")


def timed(cmd, env, cwd=None):
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"command failed: {cmd}: {r.stderr.decode()[-800:]}")
    return dt


def timed_call(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def median_ms(xs):
    return statistics.median(xs) * 1000


def module_dir(n, prefix="key"):
    d = tempfile.mkdtemp()
    with open(os.path.join(d, "variables.tf"), "w") as f:
        for i in range(n):
            f.write(f'variable "{prefix}{i:04d}" {{\n  type      = string\n  sensitive = true\n}}\n')
    return d


def chamber_style_exec(ssm, service):
    """chamber exec's call plan: GetParametersByPath pages of 10, one after another."""
    token, n = None, 0
    while True:
        kw = dict(Path=f"/{service}/", Recursive=False, WithDecryption=True, MaxResults=10)
        if token:
            kw["NextToken"] = token
        out = ssm.get_parameters_by_path(**kw)
        n += len(out["Parameters"])
        token = out.get("NextToken")
        if not token:
            return n


def chamber_style_import(url, service, n):
    """chamber's call plan for writing N keys: per key a read, the whole-service listing, then the write."""
    ssm = boto(url)
    for i in range(n):
        name = f"/{service}/var_{i:04d}"
        ssm.get_parameters(Names=[name], WithDecryption=True)
        token = None
        while True:
            kw = dict(ParameterFilters=[{"Key": "Path", "Option": "OneLevel", "Values": ["/" + service]}])
            if token:
                kw["NextToken"] = token
            out = ssm.describe_parameters(**kw)
            token = out.get("NextToken")
            if not token:
                break
        ssm.put_parameter(Name=name, Value=f"secret-value-{i}", Type="SecureString",
                          KeyId="alias/parameter_store_key", Overwrite=True, Description="1")


def exec_rows(tf, url, counter, seed, sizes, runs, delay_ms):
    """exec -- true against one endpoint: per size, tfsecrets (declared, whole service), aws CLI, chamber plan."""
    rows = []
    aws = os.path.join(VENV, "aws")
    for n in sizes:
        svc = f"bench-exec-{n}-{time.time_ns()}"
        seed(svc, n)
        mod, empty = module_dir(n), tempfile.mkdtemp()
        ssm = boto(url)
        cases = [
            ("tfsecrets exec, module declares the variables",
             lambda: timed([tf, "exec", svc, "--", "true"], env_for(url), cwd=mod)),
            ("tfsecrets exec, whole service",
             lambda: timed([tf, "exec", svc, "--", "true"], env_for(url), cwd=empty)),
            ("aws ssm get-parameters-by-path",
             lambda: timed([aws, "ssm", "get-parameters-by-path", "--path", f"/{svc}/", "--recursive",
                            "--with-decryption", "--output", "json"], env_for(url))),
            ("chamber plan: GetParametersByPath pages (boto3, in-process)",
             lambda: timed_call(lambda: chamber_style_exec(ssm, svc))),
        ]
        for name, fn in cases:
            fn()  # warm (page cache, moto's first-request costs)
            ts, spans, st = [], [], None
            for _ in range(runs):
                counter.reset()
                ts.append(fn())
                st = counter.stats()
                if st["span_ms"] is not None:
                    spans.append(ts[-1] * 1000 - st["span_ms"])
            ms = median_ms(ts)
            own = statistics.median(spans) if spans else None
            rows.append((n, name, ms, st["total"], st["round_trips"], ms - st["round_trips"] * delay_ms, own))
        shutil.rmtree(mod)
        shutil.rmtree(empty)
    return rows


def print_exec(title, rows):
    print(f"#### {title}\n")
    print("| secrets | client | median ms | requests | sequential round trips | ms beyond the round trips "
          "| ms outside the server's span |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, name, ms, total, rt, extra, own in rows:
        own_s = "" if own is None else f"{own:.0f}"
        print(f"| {n} | {name} | {ms:.0f} | {total} | {rt} | {extra:.0f} | {own_s} |")
    print()


def import_rows(tf, url, counter, runs, n=200, chamber=True):
    rows = []
    tmp = tempfile.mkdtemp()
    new_t, re_t, new_c, re_c = [], [], None, None
    for r in range(runs):
        svc = f"bench-import-{r}-{time.time_ns()}"
        path = os.path.join(tmp, f"v{r}.tfvars")
        text = "".join(f'var_{i:04d} = "secret-value-{i}"\n' for i in range(n))
        with open(path, "w") as f:
            f.write(text)
        counter.reset()
        new_t.append(timed([tf, "import", svc, path], env_for(url)))
        new_c = counter.stats()
        with open(path + ".again", "w") as f:
            f.write(text)
        counter.reset()
        re_t.append(timed([tf, "import", "--keep", svc, path + ".again"], env_for(url)))
        re_c = counter.stats()
    rows.append((f"tfsecrets import ({n} new)", median_ms(new_t), new_c))
    rows.append((f"tfsecrets import ({n} unchanged)", median_ms(re_t), re_c))
    if chamber:
        svc = f"bench-chamber-{time.time_ns()}"
        counter.reset()
        t = time.perf_counter()
        chamber_style_import(url, svc, n)
        rows.append(("chamber plan: per key a read, the service listing, a write (boto3, in-process, 1 run)",
                     (time.perf_counter() - t) * 1000, counter.stats()))
    shutil.rmtree(tmp)
    return rows


def print_import(title, rows):
    print(f"#### {title}\n")
    print("| run | median ms | requests | round trips | by API |\n|---|---:|---:|---:|---|")
    for name, ms, st in rows:
        by = ", ".join(f"{k} {v}" for k, v in sorted(st["by_api"].items()))
        print(f"| {name} | {ms:.0f} | {st['total']} | {st['round_trips']} | {by} |")
    print()


def fanout_tfsecrets(tf, url, svc, mod, procs, extra=()):
    t = time.perf_counter()
    ps = [subprocess.Popen([tf, *extra, "exec", svc, "--", "true"], env=env_for(url), cwd=mod,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(procs)]
    failed = 0
    for p in ps:
        _, err = p.communicate()
        if p.returncode != 0:
            failed += 1
            last_err = err.decode()[-300:]
    dt = time.perf_counter() - t
    if failed:
        print(f"<!-- {failed} execs failed: {last_err} -->")
    return dt, failed


def fanout_boto3(url, svc, procs):
    """procs threads, each its own boto3 client with adaptive retries, each running chamber's exec plan."""
    clients = [boto(url, adaptive=True) for _ in range(procs)]
    barrier = threading.Barrier(procs + 1)
    errors = []

    def work(c):
        barrier.wait()
        try:
            chamber_style_exec(c, svc)
        except Exception as e:  # noqa: BLE001 (counted and reported)
            errors.append(e)

    ts = [threading.Thread(target=work, args=(c,)) for c in clients]
    for th in ts:
        th.start()
    barrier.wait()
    t = time.perf_counter()
    for th in ts:
        th.join()
    return time.perf_counter() - t, len(errors)


def fanout_rows(tfs, runs, delay_ms, procs=40, n=100, whole_service=False, adaptive=None):
    url = start_fixture("bench_ssm.py", ["--delay-ms", str(delay_ms), "--quota", "aws-default"])
    counter = Counter(url, "stub")
    svc = "bench-fanout"
    seed_stub(url, svc, n)
    mod = tempfile.mkdtemp() if whole_service else module_dir(n)
    rows = []
    what = "whole service" if whole_service else "declared variables"
    clients = [(f"{label} exec, {what}", 0, lambda tf=tf: fanout_tfsecrets(tf, url, svc, mod, procs)) for label, tf in tfs]
    if adaptive:
        clients.append((f"tfsecrets (baseline) exec --retry-mode adaptive, {what}", 1,
                        lambda: fanout_tfsecrets(adaptive, url, svc, mod, procs, ["--retry-mode", "adaptive"])))
    clients.append(("chamber plan (GetParametersByPath pages), boto3 adaptive retries, 40 threads in-process", 0,
                    lambda: fanout_boto3(url, svc, procs)))
    for label, limit, fn in clients:
        walls, throttles, calls, fails = [], [], [], 0
        for _ in range(limit or runs):
            time.sleep(1.5)  # the bucket refills (40 tokens at 40 a second)
            counter.reset()
            dt, failed = fn()
            st = counter.stats()
            walls.append(dt)
            throttles.append(st["throttled"])
            calls.append(st["total"] - st["throttled"])
            fails += failed
        useful = statistics.median(calls)
        rows.append((label, statistics.median(walls), max(walls), statistics.median(throttles), useful, fails))
    shutil.rmtree(mod)
    return rows


def print_fanout(rows, runs, procs=40, n=100, what="declared secrets"):
    print(f"#### {procs} concurrent execs of {n} {what}, AWS's default quotas (40 a second for the Get APIs, "
          f"DescribeParameters 2 a second after a burst of 20; median of {runs})\n")
    print("| client | wall s (median) | wall s (worst) | throttled answers | useful calls | throttles per useful call "
          "| failed runs |\n|---|---:|---:|---:|---:|---:|---:|")
    for label, wall, worst, thr, useful, fails in rows:
        print(f"| {label} | {wall:.1f} | {worst:.1f} | {thr:.0f} | {useful:.0f} | {thr / max(useful, 1):.2f} | {fails} |")
    print()


def rss_row(tf, url, n=1000):
    svc = f"bench-rss-{time.time_ns()}"
    seed_stub(url, svc, n)
    mod, empty = module_dir(n), tempfile.mkdtemp()
    out = []
    for label, cwd in [("module declares the variables", mod), ("whole service", empty)]:
        peaks = []
        for _ in range(3):
            r = subprocess.run(["/usr/bin/time", "-f", "%M", tf, "exec", svc, "--", "true"], env=env_for(url),
                               cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                sys.exit(f"exec failed: {r.stderr[-500:]}")
            peaks.append(int(r.stderr.strip().splitlines()[-1]))
        out.append((label, max(peaks) / 1024))
    shutil.rmtree(mod)
    shutil.rmtree(empty)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tfsecrets", required=True)
    ap.add_argument("--baseline", help="another tfsecrets binary to show beside (e.g. main's, for before/after)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--delay-ms", type=float, default=20)
    ap.add_argument("--only", default="exec,import,fanout,fanout-service,rss,moto",
                    help="comma-separated sections: exec, import, fanout, fanout-service, rss, moto")
    ap.add_argument("--adaptive-baseline", action="store_true",
                    help="also one fan-out run of --baseline with --retry-mode adaptive (slow: minutes)")
    ap.add_argument("--quick", action="store_true", help="2 runs, fewer sizes, no moto (smoke)")
    a = ap.parse_args()
    tf = os.path.abspath(a.tfsecrets)
    base = os.path.abspath(a.baseline) if a.baseline else None
    runs = 2 if a.quick else a.runs
    sizes = [10, 100] if a.quick else [10, 100, 500]
    only = set(a.only.split(","))
    d = a.delay_ms
    bins = [("tfsecrets", tf)] + ([("tfsecrets (baseline)", base)] if base else [])
    load = os.getloadavg()
    print(f"# tfsecrets benchmarks ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load average "
          f"{load[0]:.2f} at the start, median of {runs}, +{d:g} ms per request)\n")
    try:
        if "exec" in only:
            stub = start_fixture("bench_ssm.py", ["--delay-ms", str(d)])
            for label, b in bins:
                print_exec(f"exec -- true, {label}, concurrent stub ({d:g} ms a request)",
                           exec_rows(b, stub, Counter(stub, "stub"), lambda s, n: seed_stub(stub, s, n), sizes, runs, d))
        if "moto" in only and not a.quick:
            moto = start_moto()
            proxy = start_fixture("fault_proxy.py", ["--upstream", moto, "--delay-ms", str(d), "--aws-pages"])
            seed = lambda s, n: subprocess.run(  # noqa: E731
                [os.path.join(VENV, "python"), os.path.join(ROOT, "tests/fixtures/moto_admin.py"), moto, "bulk-put",
                 s, str(n), "key"], check=True, stdout=subprocess.DEVNULL)
            for label, b in bins:
                print_exec(f"exec -- true, {label}, moto + {d:g} ms (AWS page sizes)",
                           exec_rows(b, proxy, Counter(proxy, "proxy"), seed, [10, 100], runs, d))
        if "import" in only:
            stub = start_fixture("bench_ssm.py", ["--delay-ms", str(d)])
            for label, b in bins:
                print_import(f"import of 200 variables, {label}, concurrent stub ({d:g} ms a request)",
                             import_rows(b, stub, Counter(stub, "stub"), runs, chamber=(b == tf)))
            if "moto" in only and not a.quick:
                moto = start_moto()
                proxy = start_fixture("fault_proxy.py", ["--upstream", moto, "--delay-ms", str(d), "--aws-pages"])
                for label, b in bins:
                    print_import(f"import of 200 variables, {label}, moto + {d:g} ms",
                                 import_rows(b, proxy, Counter(proxy, "proxy"), min(runs, 3), chamber=False))
        if "fanout" in only:
            print_fanout(fanout_rows(bins, runs, d, adaptive=base if a.adaptive_baseline else None), runs)
        if "fanout-service" in only:
            r = min(runs, 3)
            print_fanout(fanout_rows(bins, r, d, whole_service=True), r, what="secrets (whole service)")
        if "rss" in only:
            stub = start_fixture("bench_ssm.py", ["--delay-ms", str(d)])
            print("#### peak RSS of exec with 1,000 secrets (max of 3, /usr/bin/time)\n")
            print("| binary | fetch | peak RSS MiB |\n|---|---|---:|")
            for label, b in bins:
                for what, mib in rss_row(b, stub):
                    print(f"| {label} | {what} | {mib:.1f} |")
            print()
        load = os.getloadavg()
        print(f"(load average at the end: {load[0]:.2f})")
    finally:
        for p in PROCS:
            p.terminate()
        for p in PROCS:
            try:
                p.wait(timeout=5)
            except Exception:
                p.kill()


if __name__ == "__main__":
    main()
