"""The allegation graph, laid out for SVG: accusers on the left, the accused on the right, one
arrow per allegation, drawn solid when it stands and dashed red when it was denied.

Each arrow carries how many outlets report the accusation and who denied it; the table under the
graph on the story page gives the rest (the allegation, who doubted it, the denials' sources).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline_projector.query.views import AllegationView

WIDTH = 880
ROW = 58
TOP = 30
NODE_WIDTH = 210
NODE_HEIGHT = 30
LEFT_X = 10
RIGHT_X = WIDTH - NODE_WIDTH - 10


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    name: str


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float
    label: str
    denied: bool
    doubted: bool
    title: str


@dataclass(frozen=True)
class AllegationGraph:
    width: int
    height: int
    node_width: int
    node_height: int
    accusers: list[Node]
    accused: list[Node]
    edges: list[Edge]


def allegation_graph(allegations: Sequence[AllegationView]) -> AllegationGraph:
    left = _column(sorted({a.accuser for a in allegations}), LEFT_X)
    right = _column(sorted({a.accused for a in allegations}), RIGHT_X)
    edges = []
    for index, allegation in enumerate(allegations):
        start, end = left[allegation.accuser], right[allegation.accused]
        x1, y1 = start.x + NODE_WIDTH, start.y + NODE_HEIGHT / 2
        x2, y2 = end.x, end.y + NODE_HEIGHT / 2
        outlets = allegation.accusing_sources.outlets
        parts = [f"{outlets} outlet{'' if outlets == 1 else 's'}"]
        if allegation.denied_by:
            parts.append("denied by " + ", ".join(allegation.denied_by))
        if allegation.doubted_by:
            parts.append("doubted")
        # Labels sit at different points along their arrows, so crossing arrows do not stack
        # their labels in the middle.
        along = 0.2 + 0.6 * (index + 0.5) / len(allegations)
        edges.append(
            Edge(
                x1,
                y1,
                x2 - 6,  # the arrowhead ends at the box, not inside it
                y2,
                x1 + (x2 - x1) * along,
                y1 + (y2 - y1) * along - 6,
                " · ".join(parts),
                bool(allegation.denied_by),
                bool(allegation.doubted_by),
                f"{allegation.accuser} accuses {allegation.accused}: {allegation.allegation}",
            )
        )
    rows = max(len(left), len(right), 1)
    return AllegationGraph(
        width=WIDTH,
        height=TOP + rows * ROW,
        node_width=NODE_WIDTH,
        node_height=NODE_HEIGHT,
        accusers=list(left.values()),
        accused=list(right.values()),
        edges=edges,
    )


def _column(names: list[str], x: float) -> dict[str, Node]:
    return {name: Node(x, TOP + index * ROW, name) for index, name in enumerate(names)}
