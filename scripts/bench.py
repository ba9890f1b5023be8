"""Benchmark driver for scripts/bench. Starts its own moto and proxies on 127.0.0.1 and stops them by pid."""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import json

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


def start_proxy(upstream, delay_ms, aws_pages=False):
    extra = ["--aws-pages"] if aws_pages else []
    p = subprocess.Popen([os.path.join(VENV, "python"), os.path.join(ROOT, "tests/fixtures/fault_proxy.py"),
                          "--upstream", upstream, "--delay-ms", str(delay_ms)] + extra,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    PROCS.append(p)
    port = p.stdout.readline().split()[1]
    return f"http://127.0.0.1:{port}"


def proxy_stats(url, reset=False):
    if reset:
        urllib.request.urlopen(urllib.request.Request(url + "/__proxy/reset", method="POST", data=b"")).read()
        return None
    return json.loads(urllib.request.urlopen(url + "/__proxy/stats").read())


def env_for(url):
    e = dict(os.environ)
    for k in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "CHAMBER_KMS_KEY_ALIAS", "CHAMBER_AWS_SSM_ENDPOINT"]:
        e.pop(k, None)
    e.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1",
              "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
              "AWS_ENDPOINT_URL_SSM": url, "AWS_ENDPOINT_URL_KMS": url, "AWS_ENDPOINT_URL_STS": url,
              "AWS_ENDPOINT_URL": url, "TZ": "UTC"})
    return e


def boto(url):
    import boto3
    return boto3.client("ssm", region_name="us-east-1", endpoint_url=url,
                        aws_access_key_id="bench", aws_secret_access_key="bench")


def timed(cmd, env, cwd=None):
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"command failed: {cmd}: {r.stderr.decode()[-500:]}")
    return dt


def seed(url, service, n):
    ssm = boto(url)
    for i in range(n):
        ssm.put_parameter(Name=f"/{service}/key{i:04d}", Value=f"value-{i}", Type="SecureString",
                          KeyId="alias/parameter_store_key", Overwrite=True, Description="1")


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


def chamber_style_exec(url, service):
    """chamber exec's call plan: sequential GetParametersByPath pages of 10."""
    ssm = boto(url)
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


def median_ms(xs):
    return statistics.median(xs) * 1000


def bench_import(tf, url, proxy, runs, n=200):
    rows = []
    tmp = tempfile.mkdtemp()
    times, counts = [], None
    for r in range(runs):
        svc = f"bench-import-{r}-{time.time_ns()}"
        path = os.path.join(tmp, f"v{r}.tfvars")
        with open(path, "w") as f:
            for i in range(n):
                f.write(f'var_{i:04d} = "secret-value-{i}"\n')
        proxy_stats(proxy, reset=True)
        times.append(timed([tf, "import", svc, path], env_for(proxy)))
        counts = proxy_stats(proxy)
        # Re-import of the unchanged values (kept file): zero writes.
        with open(path + ".again", "w") as f:
            for i in range(n):
                f.write(f'var_{i:04d} = "secret-value-{i}"\n')
        proxy_stats(proxy, reset=True)
        reimport = timed([tf, "import", "--keep", svc, path + ".again"], env_for(proxy))
        re_counts = proxy_stats(proxy)
    rows.append(("tfsecrets import (200 new)", median_ms(times), counts["total"], counts["by_target"]))
    # (round trips are reported for exec; import is dominated by the writes, 4 in flight)
    rows.append(("tfsecrets import (200 unchanged)", reimport * 1000, re_counts["total"], re_counts["by_target"]))
    ctimes = []
    for r in range(1):  # one run: ~2,500 requests
        svc = f"bench-chamber-{r}-{time.time_ns()}"
        proxy_stats(proxy, reset=True)
        t = time.perf_counter()
        chamber_style_import(proxy, svc, n)
        ctimes.append(time.perf_counter() - t)
        ccounts = proxy_stats(proxy)
    rows.append(("chamber-style loop (boto3, in-process)", median_ms(ctimes), ccounts["total"], ccounts["by_target"]))
    shutil.rmtree(tmp)
    return rows


def bench_exec(tf, moto, proxy, sizes, runs):
    out = []
    aws = os.path.join(VENV, "aws")
    for n in sizes:
        svc = f"bench-exec-{n}-{time.time_ns()}"
        seed(moto, svc, n)
        mod = tempfile.mkdtemp()
        with open(os.path.join(mod, "variables.tf"), "w") as f:
            for i in range(n):
                f.write(f'variable "key{i:04d}" {{\n  type      = string\n  sensitive = true\n}}\n')
        empty = tempfile.mkdtemp()
        cases = {
            "tfsecrets exec (module declares the variables)": lambda: timed([tf, "exec", svc, "--", "true"], env_for(proxy), cwd=mod),
            "tfsecrets exec (whole service)": lambda: timed([tf, "exec", svc, "--", "true"], env_for(proxy), cwd=empty),
            "aws ssm get-parameters-by-path": lambda: timed([aws, "ssm", "get-parameters-by-path", "--path", f"/{svc}/",
                                                             "--recursive", "--with-decryption", "--output", "json"], env_for(proxy)),
        }
        for name, fn in cases.items():
            proxy_stats(proxy, reset=True)
            fn()  # warm
            st = proxy_stats(proxy)
            ts = [fn() for _ in range(runs)]
            out.append((n, name, median_ms(ts), st["total"], st["round_trips"]))
        proxy_stats(proxy, reset=True)
        chamber_style_exec(proxy, svc)
        st = proxy_stats(proxy)
        ts = []
        for _ in range(runs):
            t = time.perf_counter()
            chamber_style_exec(proxy, svc)
            ts.append(time.perf_counter() - t)
        out.append((n, "chamber-style GetParametersByPath pages (boto3, in-process)", median_ms(ts), st["total"], st["round_trips"]))
        shutil.rmtree(mod)
        shutil.rmtree(empty)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tfsecrets", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--delay-ms", type=float, default=20)
    ap.add_argument("--quick", action="store_true", help="fewer runs and sizes (smoke)")
    a = ap.parse_args()
    tf = os.path.abspath(a.tfsecrets)
    runs = 2 if a.quick else a.runs
    sizes = [10, 100] if a.quick else [10, 100, 500]
    try:
        moto = start_moto()
        direct = start_proxy(moto, 0)
        slow = start_proxy(moto, a.delay_ms)
        slow_aws = start_proxy(moto, a.delay_ms, aws_pages=True)
        print(f"# tfsecrets benchmarks ({time.strftime('%Y-%m-%d')}, moto 5.2.5 on 127.0.0.1, {os.cpu_count()} cores, median of {runs})\n")
        for label, proxy in [("direct", direct), (f"+{a.delay_ms:g} ms per request", slow)]:
            print(f"## import of 200 variables ({label})\n")
            print("| run | wall ms | requests | by API |\n|---|---:|---:|---|")
            for name, ms, total, by in bench_import(tf, moto, proxy, runs):
                by_s = ", ".join(f"{k} {v}" for k, v in sorted(by.items()))
                print(f"| {name} | {ms:.0f} | {total} | {by_s} |")
            print()
        # exec gets a fresh moto: moto's DescribeParameters scans every parameter of the account, so the
        # thousands the import runs left behind would slow it down in a way AWS's indexed listing does not.
        moto = start_moto()
        direct = start_proxy(moto, 0)
        slow = start_proxy(moto, a.delay_ms)
        slow_aws = start_proxy(moto, a.delay_ms, aws_pages=True)
        for label, proxy in [("direct", direct), (f"+{a.delay_ms:g} ms per request", slow),
                             (f"+{a.delay_ms:g} ms per request, DescribeParameters pages of 50 as on AWS", slow_aws)]:
            print(f"## exec -- true ({label})\n")
            print("| secrets | client | median ms | requests | sequential round trips | vs tfsecrets (declared) |\n|---:|---|---:|---:|---:|---:|")
            rows = bench_exec(tf, moto, proxy, sizes, runs)
            base = {n: ms for n, name, ms, _, _ in rows if name.startswith("tfsecrets exec (module")}
            for n, name, ms, total, rt in rows:
                print(f"| {n} | {name} | {ms:.0f} | {total} | {rt} | {ms / base[n]:.1f}x |")
            print()
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
