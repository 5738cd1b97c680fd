from seccoop.graph.model import event_edges, graph_from_extractions
from seccoop.graph.selection import Selection, apply_selection


def test_same_event_from_two_articles_is_one_edge_with_two_sources(tiny_extractions):
    g = graph_from_extractions(tiny_extractions)
    visits = [d for _, _, _, d in event_edges(g) if d["type"] == "VISIT"]
    assert len(visits) == 1
    assert [s["article"] for s in visits[0]["sources"]] == ["a1", "a2"]
    assert visits[0]["confidence"] == 0.9


def test_symmetric_edges_are_stored_in_sorted_order(tiny_extractions):
    g = graph_from_extractions(tiny_extractions)
    shares = [(u, v) for u, v, _, d in event_edges(g) if d["type"] == "INTELLIGENCE_SHARING"]
    assert shares == [("ARG", "ISR")]


def test_structural_edges(tiny_extractions):
    g = graph_from_extractions(tiny_extractions)
    assert g.has_edge("person:john-kerry", "USA", "AFFILIATED_WITH")
    assert g.edges["person:john-kerry", "USA", "AFFILIATED_WITH"]["role"] == "Secretary of State"
    assert g.has_edge("org:inl", "org:state-department", "PART_OF")


def test_selection_by_type_and_min_sources(tiny_extractions):
    g = graph_from_extractions(tiny_extractions)
    sel = apply_selection(g, Selection(types=("VISIT",), min_sources=2))
    assert sorted(d["type"] for _, _, _, d in event_edges(sel)) == ["VISIT"]
    assert set(sel.graph["articles"]) == {"a1", "a2"}
    none = apply_selection(g, Selection(types=("AID",), since="2017"))
    assert list(event_edges(none)) == []
