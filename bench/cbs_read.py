"""How fast the CBS reader reads each sample file, and its peak memory.

Run: ``.venv/bin/python bench/cbs_read.py [FOLDER]`` (default: ../shared/data/cbs beside the
repository). Prints seconds (best of 3) and the peak of Python allocations while reading.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wwidw.neighbourhoods.cbs import CbsFileError, read_cbs_file  # noqa: E402

YEARS = {"marginal_distributions_TheHague_2019_84583NED.csv": 2019,
         "Kerncijfers_wijken_en_buurten_2024_geslachten.csv": 2024,
         "Kerncijfers_wijken_en_buurten_2017.csv": 2017,
         "Kerncijfers_wijken_en_buurten_2019.csv": 2019}


def measure(path: Path) -> tuple[float, float, int, int]:
    """Best-of-3 seconds, peak MB, areas and values read."""
    year = YEARS.get(path.name)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        table = read_cbs_file(path, year=year)
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    read_cbs_file(path, year=year)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    values = sum(len(v) for v in table.values.values())
    return best, peak, len(table.areas), values


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "cbs"
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    print("| file | seconds | peak MB | areas | values |\n|---|---:|---:|---:|---:|")
    for path in sorted(folder.glob("*.csv")):
        try:
            seconds, peak, areas, values = measure(path)
        except CbsFileError as error:
            print(f"| {path.name} | refused: {error.code} | | | |")
            continue
        print(f"| {path.name} | {seconds:.3f} | {peak:.0f} | {areas:,} | {values:,} |")


if __name__ == "__main__":
    main()
