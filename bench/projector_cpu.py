"""The projector's own Python work per event, with no Kafka and no PostgreSQL.

The events of ``projector_throughput.py``'s mix, encoded as the relay publishes them and spread
over 6 partitions per topic, go through what the live projector does with a batch of held
stories before its statement leaves: decoding (``decode_messages``) and running the handlers on
the held states into the statement's parameters (``prepare_held``), batches of 2,000, each
taken as written. What it prints is the CPU time per event of each step; as it does no I/O, it
can also be counted in instructions, which a loaded machine does not change:

    valgrind --tool=cachegrind --cache-sim=no python bench/projector_cpu.py 10000 --setup-only
    valgrind --tool=cachegrind --cache-sim=no python bench/projector_cpu.py 10000 --repeat 1

(the difference of the two "I refs", over the events, is the instructions per event; set
``PYTHONHASHSEED=0`` for both, so that sets and dicts iterate alike). Run it the same way on a
checkout of the code before a change (``PYTHONPATH``, as under the scale-out table) to compare.

    uv run python bench/projector_cpu.py [EVENTS] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import time
import zlib

import projector_throughput as mix

from storyline_contracts import encode
from storyline_platform.gc_tuning import tune_for_batches
from storyline_projector.consume.delivery import PartitionKey, RawMessage
from storyline_projector.consume.held_batch import HeldWrite, prepare_held
from storyline_projector.consume.message_decoding import decode_messages
from storyline_projector.read_models.generations import DEFAULT
from storyline_projector.read_models.story_states import StoryStates

PARTITIONS = 6
BATCH = 2000
FETCH = 100  # records per partition in one fetch, as a getmany hands them over


def logged(total: int) -> dict[PartitionKey, list[RawMessage]]:
    """The mix as the topics would hold it: each event on its key's partition, in order."""
    partitions: dict[PartitionKey, list[RawMessage]] = {}
    for event in map(mix.shaped, mix.events(total)):
        record = encode(event)
        partition = zlib.crc32(record.key or b"") % PARTITIONS
        held = partitions.setdefault((event.topic, partition), [])
        held.append(
            RawMessage(
                event.topic, partition, len(held), tuple(record.headers), record.value, record.key
            )
        )
    return partitions


def batches(partitions: dict[PartitionKey, list[RawMessage]]) -> list[list[RawMessage]]:
    """Fetches taken from each partition in turn, cut into batches."""
    order: list[RawMessage] = []
    for start in range(0, max(map(len, partitions.values())), FETCH):
        for messages in partitions.values():
            order.extend(messages[start : start + FETCH])
    return [order[i : i + BATCH] for i in range(0, len(order), BATCH)]


async def run(partitions: dict[PartitionKey, list[RawMessage]]) -> tuple[float, float, int]:
    states = StoryStates()
    positions: dict[PartitionKey, int] = dict.fromkeys(partitions, 0)
    decoding = preparing = 0.0
    events = 0
    for batch in batches(partitions):
        started = time.process_time()
        deliveries, _ = decode_messages(batch)
        decoded = time.process_time()
        states.next_batch()
        prepared = await prepare_held(DEFAULT, states, positions, deliveries)
        done = time.process_time()
        if not isinstance(prepared, HeldWrite):
            raise SystemExit(f"a batch would take the usual path: {prepared}")
        positions.update(prepared.moved)
        states.commit()
        decoding += decoded - started
        preparing += done - decoded
        events += len(batch)
    return decoding, preparing, events


def main() -> None:
    parser = argparse.ArgumentParser(description="The projector's own Python work per event.")
    parser.add_argument("events", nargs="?", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--setup-only", action="store_true", help="build the log and stop (for counting)"
    )
    options = parser.parse_args()
    partitions = logged(options.events)
    tune_for_batches()
    if options.setup_only:
        return
    print("CPU per event    decoding   preparing   both")
    for _ in range(options.repeat):
        decoding, preparing, events = asyncio.run(run(partitions))
        per_event = [seconds / events * 1e6 for seconds in (decoding, preparing)]
        figures = "   ".join(f"{value:6.1f} µs" for value in (*per_event, sum(per_event)))
        print(f"{events:,} events  {figures}")


if __name__ == "__main__":
    main()
