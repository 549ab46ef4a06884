#!/usr/bin/env python3
"""The same job as `tender rank`, in Python with python-calamine: the yardstick of the
README's performance section.

    pip install python-calamine
    TENDER_BENCH_KEEP=/tmp/tender-bench cargo bench --bench rank -- --test
    python3 benches/rank_python.py /tmp/tender-bench --repeat 20

Reads every workbook of DIR/offres, finds the `Code` header and the `[scope]` columns,
normalises each offer (1.1 blocks of 1 000 begun above / complete below the quota, 1.2
single accesses, 1.3 price per extra consultation or pro rata, 1.4 and 1.5 flat), gives
proportional price marks (40 × lowest ÷ cost) and ranks them per lot and scope, then
prints JSON. Usage comes from the rates of the benchmark's tender (0.03, 0.0005, 0.8 per
registered user). Python's Decimal keeps the arithmetic exact, as the tool does.
"""
import json
import math
import pathlib
import statistics
import sys
import time
from decimal import Decimal

from python_calamine import CalamineWorkbook

MEMBERS = {"grenoble": (450000, 75000), "isere": (800000, 125000)}
RATES = (Decimal("0.03"), Decimal("0.0005"), Decimal("0.8"))
MODELS = {"1.1": "active_accounts", "1.2": "simultaneous_accesses", "1.3": "consultations",
          "1.4": "registered_users", "1.5": "population"}


def usage(scope):
    members = list(MEMBERS) if scope == "groupement" else [scope]
    return [sum(math.ceil(rate * MEMBERS[m][1]) for m in members) for rate in RATES]


def number(value):
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return Decimal(repr(value))
    text = str(value).replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
    return Decimal(text.replace(",", "."))


def read(path):
    wb = CalamineWorkbook.from_path(str(path))
    lots = {}
    for name in wb.sheet_names:
        if not name.startswith("Lot "):
            continue
        rows = wb.get_sheet_by_name(name).to_python()
        header = next(i for i, r in enumerate(rows) if "Code" in r)
        code_col = rows[header].index("Code")
        scopes = {c: str(h)[str(h).rfind("[") + 1:-1] for c, h in enumerate(rows[header]) if str(h).endswith("]")}
        cells = {s: {} for s in scopes.values()}
        for r in rows[header + 1:]:
            code = r[code_col] if code_col < len(r) else ""
            if code:
                for c, s in scopes.items():
                    cells[s][str(code)] = number(r[c]) if c < len(r) else None
        lots[name[4:]] = cells
    return lots


def cost(cells, scope):
    a, c, k = usage(scope)
    for code in ("1.1", "1.2", "1.3", "1.4", "1.5"):
        price = cells.get(code)
        if price is None:
            continue
        q, pv, mv = cells.get(code + ".q"), cells.get(code + ".pv"), cells.get(code + ".mv")
        if code in ("1.1", "1.2"):
            block, used = (1000, a) if code == "1.1" else (1, c)
            if used > q:
                price += pv * math.ceil((used - q) / block)
            elif used < q and mv is not None:
                price -= mv * ((q - used) // block)
            return code, max(price, Decimal(0))
        if code == "1.3":
            if k > q:
                price = price + pv * (k - q) if pv is not None else price * k / q
            return code, price
        return code, price
    return None


def rank(folder):
    offers = {p.stem: read(p) for p in sorted((folder / "offres").glob("*.xlsx"))}
    result = []
    lot_ids = sorted({lot for o in offers.values() for lot in o}, key=int)
    for lot in lot_ids:
        for scope in ("grenoble", "isere", "groupement"):
            costs = []
            for bidder, lots in offers.items():
                found = cost(lots[lot][scope], scope)
                if found:
                    costs.append((bidder, found[0], found[1]))
            lowest = min(c for _, _, c in costs)
            ranked = sorted(((Decimal(40) * lowest / c, b, m, c) for b, m, c in costs), key=lambda t: (-t[0], t[1]))
            result.append({"lot": lot, "scope": scope, "ranked": [
                {"rank": i + 1, "bidder": b, "model": MODELS[m], "annual_cost_ht": f"{c:.2f}", "price_mark": f"{p:.2f}"}
                for i, (p, b, m, c) in enumerate(ranked)]})
    return json.dumps({"lots": result})


def main():
    folder = pathlib.Path(sys.argv[1])
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = rank(folder)
        times.append(time.perf_counter() - start)
    if repeat == 1:
        print(out)
    else:
        ranked = sum(len(s["ranked"]) for s in json.loads(out)["lots"])
        print(f"{ranked} offers ranked; median {statistics.median(times) * 1000:.1f} ms over {repeat} runs")


if __name__ == "__main__":
    main()
