"""Benchmark of the prompt library at 100,000 prompts (not a test; `make bench` runs it).

Creates its own database `bench_sfl` on the same PostgreSQL server (and uses Redis logical
database 60), bulk-inserts prompts with varied, realistic SFL metadata, then times the real API
in-process (URL routing, JWT auth, middleware, serializers) and prints, side by side: a list with a
metadata filter, a full-text search, and GET by id uncached vs cached - medians, p95 and ratios.
Everything it created is dropped at the end unless `--keep` is given.

    .venv/bin/python bench/prompts.py [--prompts 100000] [--requests 300] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# Ahead of bench/ (the script's own directory), so `import prompts` finds the app, not this file.
sys.path.insert(0, str(ROOT))

from bench.django_setup import bench_django_setup  # noqa: E402

BENCH_DB = "bench_sfl"
BENCH_REDIS_DB = 60

TOPICS = [
    ("Recursion", "computer science", ["recursion", "base case", "call stack"]),
    ("Photosynthesis", "plant biology", ["chlorophyll", "light reaction", "glucose"]),
    ("Quarterly revenue", "corporate finance", ["revenue", "margin", "forecast"]),
    ("Climate policy", "public policy", ["emissions", "carbon tax", "adaptation"]),
    ("Kubernetes", "cloud infrastructure", ["pods", "deployments", "autoscaling"]),
    ("French Revolution", "European history", ["Bastille", "Jacobins", "Napoleon"]),
    ("Neural networks", "machine learning", ["backpropagation", "gradient", "layers"]),
    ("Customer onboarding", "SaaS operations", ["activation", "churn", "welcome email"]),
    ("Sourdough baking", "home cooking", ["starter", "hydration", "proofing"]),
    ("Contract law", "legal practice", ["consideration", "breach", "remedies"]),
    ("Marathon training", "sports science", ["tempo run", "taper", "VO2 max"]),
    ("Quantum computing", "physics", ["qubit", "superposition", "entanglement"]),
    ("Poetry workshop", "creative writing", ["meter", "imagery", "enjambment"]),
    ("Data privacy", "regulation", ["GDPR", "consent", "data minimisation"]),
    ("Urban gardening", "horticulture", ["compost", "raised beds", "companion planting"]),
    ("Rust ownership", "systems programming", ["borrow checker", "lifetimes", "traits"]),
    ("Supply chains", "logistics", ["inventory", "lead time", "bullwhip effect"]),
    ("Mindfulness", "psychology", ["attention", "breathing", "stress"]),
    ("Renaissance art", "art history", ["perspective", "fresco", "patronage"]),
    ("SQL indexing", "databases", ["b-tree", "query plan", "selectivity"]),
]
VERBS = ["Explain", "Summarise", "Compare", "Outline", "Critique", "Teach", "Describe", "Review"]
SENTENCES = [
    "Focus on {k0} and how it relates to {k1}.",
    "Assume the reader knows little about {domain}.",
    "Give one concrete example involving {k2}.",
    "Point out a common misconception about {topic}.",
    "Keep the answer grounded in {domain} practice.",
    "Use {{{{input}}}} as the material to work from.",
    "Mention the trade-offs around {k1} explicitly.",
    "Close with a question that checks understanding of {k0}.",
    "Write for {audience} and adapt the vocabulary accordingly.",
    "Avoid jargon unless you define it, especially {k2}.",
]
SEARCHES = [
    "recursion",
    "photosynthesis glucose",
    "carbon tax",
    '"borrow checker"',
    "quarterly forecast -churn",
    "qubit OR entanglement",
]


def _database_urls() -> tuple[str, str]:
    """(maintenance URL, benchmark URL) on the server DATABASE_URL or the embedded one names."""
    from core import devservices

    base = os.environ.get("DATABASE_URL") or devservices.DEFAULT_DATABASE_URL
    parts = urlsplit(base)
    return base, urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def _recreate_database(maintenance_url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def _configure(bench_url: str) -> None:
    bench_django_setup(
        database_url=bench_url,
        redis_db=BENCH_REDIS_DB,
        # Hundreds of requests a minute from one user: measure the API, not the throttle.
        extra_env={"THROTTLE_USER": "100000000/min"},
    )


def _fake_prompt(rng: random.Random, owner: Any) -> Any:
    from prompts import options
    from prompts.models import Prompt, metadata_complete

    topic, domain, keywords = rng.choice(TOPICS)
    k = rng.sample(keywords, 3)
    audiences = rng.sample(options.TARGET_AUDIENCES, rng.randint(1, 2))
    verb = rng.choice(VERBS)
    title = f"{verb} {topic.lower()} ({k[0]}) for {audiences[0].lower()} #{rng.randint(1, 9999)}"
    sentences = rng.sample(SENTENCES, rng.randint(3, 6))
    fill = {"k0": k[0], "k1": k[1], "k2": k[2], "topic": topic, "domain": domain}
    body = f"{verb} {topic} in the context of {domain}. " + " ".join(
        s.format(audience=audiences[0], **fill) for s in sentences
    )
    metadata = metadata_complete(
        {
            "sfl_field": {
                "topic": topic,
                "task_type": rng.choice(options.TASK_TYPES),
                "domain_specifics": f"{domain.capitalize()}, {k[1]}",
                "keywords": ", ".join(k),
            },
            "sfl_tenor": {
                "ai_persona": rng.choice(options.AI_PERSONAS),
                "target_audience": audiences,
                "desired_tone": rng.choice(options.DESIRED_TONES),
                "interpersonal_stance": rng.choice(["Mentor", "Peer", "Adviser", "Critic", ""]),
            },
            "sfl_mode": {
                "output_format": rng.choice(options.OUTPUT_FORMATS),
                "rhetorical_structure": rng.choice(["Problem-solution", "Chronological", ""]),
                "length_constraint": rng.choice(options.LENGTH_CONSTRAINTS),
                "textual_directives": rng.choice(["Use headings.", "No lists.", ""]),
            },
            "example_output": f"{topic} is best understood through {k[0]}...",
            "notes": rng.choice(["", "Works well.", "Needs a better example."]),
        }
    )
    return Prompt(owner=owner, title=title, body=body, metadata=metadata)


def _populate(count: int, owner: Any, bystander: Any) -> None:
    from django.db import connection, transaction

    from prompts.models import Prompt, PromptVersion

    rng = random.Random(20240601)
    batch = 5000
    started = time.perf_counter()
    for start in range(0, count, batch):
        # Nine in ten prompts belong to the measured user; the rest prove the owner filter.
        prompts = [
            _fake_prompt(rng, owner if rng.random() < 0.9 else bystander)
            for _ in range(min(batch, count - start))
        ]
        with transaction.atomic():
            Prompt.objects.bulk_create(prompts)
            PromptVersion.objects.bulk_create(p.snapshot() for p in prompts)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE prompts_prompt")
        cursor.execute("VACUUM ANALYZE prompts_promptversion")
    print(f"inserted {count:,} prompts (+ versions) in {time.perf_counter() - started:.1f} s")


def _time(requests: int, call: Callable[[int], Any], before: Callable[[int], Any] | None = None):
    for i in range(20):  # warm-up: connections, plans, code paths
        if before:
            before(i)
        call(i)
    samples = []
    for i in range(requests):
        if before:
            before(i)
        t0 = time.perf_counter()
        response = call(i)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content[:300]
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def _plan_uses(sql_params: tuple[str, Any], index: str) -> bool:
    from django.db import connection

    sql, params = sql_params
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return index in plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    from core import devservices

    if not os.environ.get("DATABASE_URL"):
        devservices.ensure_all()
    maintenance_url, bench_url = _database_urls()
    _recreate_database(maintenance_url)
    try:
        _configure(bench_url)
        _run(args)
    finally:
        from django.core.cache import cache
        from django.db import connections

        if not args.keep:
            cache.clear()
        connections.close_all()
        if not args.keep:
            _recreate_database(maintenance_url, drop_only=True)
            print(f"dropped database {BENCH_DB}")


def _run(args: argparse.Namespace) -> None:
    # One long script on purpose: populate, measure each query, print, read top to bottom.
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from prompts.cache import prompt_cache_key
    from prompts.models import Prompt
    from prompts.selectors import prompt_list

    call_command("migrate", verbosity=0)
    cache.clear()
    users = get_user_model().objects
    owner = users.create_user(email="bench@example.com", password=None)
    bystander = users.create_user(email="other@example.com", password=None)
    _populate(args.prompts, owner, bystander)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(owner).access_token}")
    ids = list(Prompt.objects.owned_by(owner).values_list("pk", flat=True)[:2000])
    rng = random.Random(7)
    rng.shuffle(ids)
    task_types = ["Translation", "Code Generation", "Comparison", "Brainstorming"]
    n = args.requests

    results = {
        "list, filter taskType (page 20)": _time(
            n,
            lambda i: client.get(
                "/api/prompts", {"taskType": task_types[i % 4], "aiPersona": "Expert"}
            ),
        ),
        "full-text search (page 20)": _time(
            n, lambda i: client.get("/api/prompts", {"search": SEARCHES[i % len(SEARCHES)]})
        ),
        "GET by id, uncached": _time(
            n,
            lambda i: client.get(f"/api/prompts/{ids[i % len(ids)]}"),
            before=lambda i: cache.delete(prompt_cache_key(ids[i % len(ids)])),
        ),
    }
    hot = ids[:50]
    for pk in hot:
        client.get(f"/api/prompts/{pk}")
    results["GET by id, cached"] = _time(n, lambda i: client.get(f"/api/prompts/{hot[i % 50]}"))

    filtered = prompt_list(owner=owner, filters={"task_type": "Translation"})
    searched = prompt_list(owner=owner, filters={"search": "carbon tax"})
    print(
        "plans: filter uses prompt_metadata_gin:",
        _plan_uses(filtered.query.sql_with_params(), "prompt_metadata_gin"),
        "| search uses prompt_search_gin:",
        _plan_uses(searched.query.sql_with_params(), "prompt_search_gin"),
    )

    cached_median, cached_p95 = results["GET by id, cached"]
    print(f"\n{args.prompts:,} prompts, {n} timed requests each (in-process, full API stack)\n")
    print(f"{'request':34} {'median ms':>10} {'p95 ms':>10} {'median ÷ cached GET':>20}")
    for name, (median, p95) in results.items():
        print(f"{name:34} {median:10.2f} {p95:10.2f} {median / cached_median:19.2f}x")
    uncached_median, uncached_p95 = results["GET by id, uncached"]
    print(
        f"\nGET by id: uncached / cached = {uncached_median / cached_median:.2f}x (median), "
        f"{uncached_p95 / cached_p95:.2f}x (p95)"
    )


if __name__ == "__main__":
    main()
