"""One contract for every search engine: the same behaviour on Whoosh and Tantivy.

Straight against the engine classes in a temporary folder; no app, no database.
"""

from __future__ import annotations

import threading

import pytest

from wwidw.search import ENGINES, EngineBusy, SearchDocument, engine_class


@pytest.fixture(params=sorted(ENGINES))
def engine(request, tmp_path):
    engine = engine_class(request.param)(str(tmp_path / "index"))
    engine.clear()
    yield engine
    engine.close()


def doc(doc_id, title, content="", org=1, private=""):
    return SearchDocument(doc_id, title, content, org, private)


def test_dutch_word_forms_meet(engine):
    engine.write([doc(1, "Taalcafés in Drunen", "Wekelijks met vrijwilligers."),
                  doc(2, "Klussen", "Wij knappen huizen op."),
                  doc(3, "Brieven schrijven", "Samen een brief aan de gemeente.")], [])
    assert engine.search("taalcafé").ids == [1]
    assert engine.search("taalcafés").ids == [1]
    assert engine.search("huis").ids == [2]
    assert engine.search("huizen").ids == [2]
    assert engine.search("brief").ids == [3]


def test_accents_fold(engine):
    engine.write([doc(1, "Repair café", "Naïeve ideeën over coördinatie")], [])
    for word in ("cafe", "café", "naieve", "coordinatie", "ideeen"):
        assert engine.search(word).ids == [1], word


def test_all_words_must_occur(engine):
    engine.write([doc(1, "Moestuin", "groente en bewoners"),
                  doc(2, "Speeltuin", "kinderen en bewoners")], [])
    assert sorted(engine.search("bewoners").ids) == [1, 2]
    assert engine.search("bewoners kinderen").ids == [2]
    assert engine.search("groente kinderen").ids == []


def test_title_ranks_above_body(engine):
    engine.write([doc(1, "Buurtfeest", "Een middag met muziek en een voorleesproject."),
                  doc(2, "Voorleesproject", "Vrijwilligers lezen voor aan kinderen."),
                  doc(3, "Opzoomeren", "Straten samen schoon, geen voorlezen.")], [])
    assert engine.search("voorleesproject").ids == [2, 1]


def test_private_words_only_for_the_owner(engine):
    engine.write([doc(1, "Huiskamer", "ouderen", org=7, private="geheimcode"),
                  doc(2, "Buurtkamer", "jongeren", org=8)], [])
    assert engine.search("geheimcode").ids == []
    assert engine.search("geheimcode", frozenset({8})).ids == []
    assert engine.search("geheimcode", frozenset({7})).ids == [1]
    assert engine.search("geheimcode", frozenset({7, 8})).ids == [1]


def test_delete_and_update_by_id(engine):
    engine.write([doc(1, "Opzoomeren", "zwerfafval"), doc(2, "Buurtpreventie", "veiligheid")],
                 [])
    engine.write([doc(1, "Opzoomeren", "vuilniszakken")], [])
    assert engine.search("zwerfafval").ids == []
    assert engine.search("vuilniszak").ids == [1]
    assert engine.search("opzoomeren").ids == [1]  # updated, not doubled
    engine.write([], [2])
    assert engine.search("buurtpreventie").ids == []
    assert engine.search("opzoomeren").ids == [1]


def test_rebuild_replaces_everything(engine):
    engine.write([doc(1, "Oud project", "verdwijnt")], [])
    assert engine.rebuild([doc(2, "Nieuw project", "blijft"), doc(3, "Ander", "blijft")]) == 2
    assert engine.search("verdwijnt").ids == []
    assert sorted(engine.search("blijft").ids) == [2, 3]
    assert engine.exists()


def test_clear_empties_the_index(engine):
    engine.write([doc(1, "Voorleesexpress", "lezen")], [])
    assert engine.search("voorleesexpress").ids == [1]
    engine.clear()
    assert engine.search("voorleesexpress").ids == []
    assert engine.exists()


def test_a_deleted_folder_is_an_empty_index(engine):
    import shutil

    engine.write([doc(1, "Voorleesexpress", "lezen")], [])
    engine.close()
    shutil.rmtree(engine.directory)
    assert engine.search("voorleesexpress").ids == []
    engine.write([doc(1, "Voorleesexpress", "lezen")], [])
    assert engine.search("voorleesexpress").ids == [1]


def test_did_you_mean_a_misspelt_word(engine):
    engine.write([doc(1, "Buurtbemiddeling bij burenruzies", "Bemiddelaars helpen buren.")], [])
    hits = engine.search("buurtbemidelng")
    assert hits.ids == []
    assert hits.corrected == "buurtbemiddeling"
    assert engine.search("buurtbemiddeling").corrected is None


def test_did_you_mean_ignores_private_words(engine):
    engine.write([doc(1, "Huiskamer", "ouderen", org=7, private="voordeuraanpak")], [])
    assert engine.search("voordeuraanpk", frozenset({7})).corrected is None


@pytest.mark.parametrize("query", ['"open', "AND", "OR OR", "NOT", "(((", "title:x", "*",
                                   "tuin*", "x" * 10_000, "eenzaam " * 500, "%", "\\",
                                   "NOT AND AND", "buurt NOT OR AND", "[taal TO tuin]"])
def test_malformed_queries_never_fail(engine, query):
    engine.write([doc(1, "Eenzaamheid aanpakken", "buurt")], [])
    assert isinstance(engine.search(query).ids, list)


def test_operators(engine):
    engine.write([doc(1, "Moestuin", "groente"), doc(2, "Speeltuin", "kinderen"),
                  doc(3, "Moestuin voor kinderen", "groente")], [])
    assert sorted(engine.search("groente OR kinderen").ids) == [1, 2, 3]
    assert engine.search("groente NOT kinderen").ids == [1]
    assert engine.search("eenzaamheid NOT").ids == engine.search("eenzaamheid").ids


def test_snippets_mark_the_matched_words(engine):
    snippets = engine.snippets("taalcafé huis", {
        1: "Wij organiseren <b>taalcafés</b> in oude huizen & meer.",
        2: "Hier staat niets van belang.",
    })
    assert set(snippets) == {1}
    html = str(snippets[1])
    assert ">taalcafés</mark>" in html and ">huizen</mark>" in html
    assert "<mark" in html and "&lt;b&gt;" in html and "&amp;" in html


def test_similar_returns_related_documents_not_itself(engine):
    texts = {
        1: ("Moestuin", "groente tuinieren bewoners oogst compost moestuin"),
        2: ("Buurttuin", "tuinieren compost oogst bewoners"),
        3: ("Schuldhulp", "schulden budget formulieren"),
        4: ("Taalcafé", "taal praten koffie"),
    }
    engine.write([doc(i, title, content) for i, (title, content) in texts.items()], [])
    found = engine.similar(1, "Moestuin\ngroente tuinieren bewoners oogst compost moestuin")
    assert found and found[0] == 2
    assert 1 not in found and 3 not in found
    assert engine.similar(99, "onbekend") == []


def test_a_second_writer_is_busy_not_a_lock_error(engine):
    """Another engine on the same folder (another process) holds the writer: EngineBusy."""
    other = type(engine)(str(engine.directory))
    engine.write([doc(1, "Eerste", "tekst")], [])
    held = threading.Event()
    release = threading.Event()

    def hold():
        if type(other).__name__ == "WhooshEngine":
            writer = other._open().writer()
            finish = writer.cancel
        else:
            writer = other._open().writer(heap_size=15_000_000, num_threads=1)

            def finish():
                writer.rollback()
                writer.wait_merging_threads()
        held.set()
        release.wait(10)
        finish()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(EngineBusy):
            engine.write([doc(2, "Tweede", "tekst")], [], timeout=0.3)
    finally:
        release.set()
        thread.join(10)
    engine.write([doc(2, "Tweede", "tekst")], [])
    assert engine.search("tweede").ids == [2]
    assert engine.search("eerste").ids == [1]


def test_a_commit_by_another_process_is_seen(engine):
    # A rebuild swaps in a new folder whose generation numbers can equal the old one's, so
    # an engine must notice the swap itself (Whoosh did not, before it compared folders).
    other = type(engine)(str(engine.directory))
    assert engine.search("nieuwsbrief").ids == []
    other.write([doc(5, "Nieuwsbrief", "wijkkrant")], [])
    assert engine.search("nieuwsbrief").ids == [5]
    other.rebuild([doc(6, "Wijkkrant", "nieuws")])
    assert engine.search("nieuwsbrief").ids == []
    assert engine.search("wijkkrant").ids == [6]
    other.close()
