"""The diagrams (BPMN DI) of the files in workflows/, as the process designer shows them with bpmn-js.

Sub-processes are collapsed: each has a shape in its parent's plane and a plane of its own with its
content (bpmn-js drills down into it). Lanes are not drawn, since they list tasks inside sub-processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pytest
from lxml import etree

from engine.bpmn.definitions import safe_xml

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
FILES = sorted(WORKFLOWS.glob("*.bpmn"))


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @classmethod
    def of(cls, bounds: etree._Element) -> Box:
        return cls(*(float(bounds.get(name)) for name in ("x", "y", "width", "height")))

    def overlaps(self, other: Box) -> bool:
        """Sharing an edge is not overlapping."""
        return (self.x < other.x + other.width and other.x < self.x + self.width
                and self.y < other.y + other.height and other.y < self.y + self.height)

    def on_border(self, x: float, y: float) -> bool:
        inside = self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height
        return inside and min(x - self.x, self.x + self.width - x, y - self.y, self.y + self.height - y) <= 1


@dataclass(frozen=True)
class Plane:
    """One drawn process or sub-process: its semantic elements and their DI."""

    container: etree._Element
    di: etree._Element

    def nodes(self) -> dict[str, etree._Element]:
        return {child.get("id"): child for child in self.container
                if isinstance(child.tag, str) and _is_flow_node(etree.QName(child).localname)}

    def flows(self) -> dict[str, etree._Element]:
        return {flow.get("id"): flow for flow in self.container.findall("bpmn:sequenceFlow", NS)}

    def shapes(self) -> dict[str, etree._Element]:
        return {shape.get("bpmnElement"): shape for shape in self.di.findall("bpmndi:BPMNShape", NS)}

    def box(self, element_id: str) -> Box:
        return Box.of(self.shapes()[element_id].find("dc:Bounds", NS))

    def labels(self) -> dict[str, Box]:
        return {element.get("bpmnElement"): Box.of(bounds)
                for element in self.di if (bounds := element.find("bpmndi:BPMNLabel/dc:Bounds", NS)) is not None}


def _is_flow_node(tag: str) -> bool:
    return tag.endswith(("Event", "Task", "Gateway")) or tag in {"task", "subProcess", "callActivity"}


def _planes(path: Path) -> list[Plane]:
    root = safe_xml(path.read_bytes())
    di = {plane.get("bpmnElement"): plane for plane in root.iterfind("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)}
    containers = root.xpath("bpmn:process | .//bpmn:subProcess", namespaces=NS)
    missing = [c.get("id") for c in containers if c.get("id") not in di]
    assert not missing, f"{path.name}: no plane for {missing}"
    return [Plane(container, di[container.get("id")]) for container in containers]


@pytest.fixture(params=FILES, ids=[path.name for path in FILES])
def planes(request: pytest.FixtureRequest) -> list[Plane]:
    return _planes(request.param)


def test_every_workflow_file_is_checked():
    assert {path.name for path in FILES} >= {"plan_lifecycle.bpmn", "report_lifecycle.bpmn", "unit_scoring.bpmn",
                                              "document_receipt.bpmn"}


def test_each_node_and_flow_is_drawn_once_in_its_own_plane_and_lanes_not_at_all(planes):
    for plane in planes:
        drawn = sorted(element.get("bpmnElement") for element in plane.di)
        assert drawn == sorted([*plane.nodes(), *plane.flows()]), plane.container.get("id")


def test_sub_processes_are_collapsed_with_a_plane_of_their_own(planes):
    drawn = {plane.container.get("id") for plane in planes}
    for plane in planes:
        for node_id, node in plane.nodes().items():
            if etree.QName(node).localname == "subProcess":
                assert plane.shapes()[node_id].get("isExpanded") == "false"
                assert node_id in drawn
    assert all(len(plane.di.getparent().findall("bpmndi:BPMNPlane", NS)) == 1 for plane in planes)


def test_shapes_in_a_plane_do_not_overlap(planes):
    for plane in planes:
        nodes = plane.nodes()
        for a, b in combinations(nodes, 2):
            if b == nodes[a].get("attachedToRef") or a == nodes[b].get("attachedToRef"):
                continue
            assert not plane.box(a).overlaps(plane.box(b)), (a, b)


def test_boundary_events_sit_on_their_host_border(planes):
    for plane in planes:
        for node_id, node in plane.nodes().items():
            if host := node.get("attachedToRef"):
                event = plane.box(node_id)
                assert plane.box(host).on_border(event.x + event.width / 2, event.y + event.height / 2), node_id


def test_flows_run_from_their_source_to_their_target(planes):
    for plane in planes:
        for flow_id, flow in plane.flows().items():
            edge = plane.di.find(f"bpmndi:BPMNEdge[@bpmnElement='{flow_id}']", NS)
            assert edge is not None, flow_id
            points = [(float(p.get("x")), float(p.get("y"))) for p in edge.findall("di:waypoint", NS)]
            assert len(points) >= 2, flow_id
            assert plane.box(flow.get("sourceRef")).on_border(*points[0]), flow_id
            assert plane.box(flow.get("targetRef")).on_border(*points[-1]), flow_id


def test_labels_cover_neither_shapes_nor_other_labels(planes):
    for plane in planes:
        labels = plane.labels()
        for owner, label in labels.items():
            assert not any(label.overlaps(plane.box(shape)) for shape in plane.shapes()), owner
        for a, b in combinations(labels, 2):
            assert not labels[a].overlaps(labels[b]), (a, b)
