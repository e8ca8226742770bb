"""Identity across articles: the rules one by one on plain data, and the scoring of judged
pairs of mentions (docs/annotation.md, "Identity pairs") on a fixture of kg's own articles."""

import json

import pytest

from conftest import ROOT
from kg.cli import main
from kg.evaluate_identity import evaluate_identity, normalized_offset
from kg.graph.identity import PersonNode, resolve_identity
from kg.graph.tenure import Attestation, OrgInfo, lower, upper

R = "https://w3id.org/kg-vn/id/"
ROLES = {R + "role/bí-thư": "Bí thư", R + "role/đại-biểu": "Đại biểu",
         R + "role/phó-chủ-tịch": "Phó Chủ tịch", R + "role/ủy-viên": "Ủy viên",
         R + "role/tổng-giám-đốc": "Tổng Giám đốc"}
ORGS = {
    R + "org/huyện-ủy-kim-thành": OrgInfo("Huyện ủy Kim Thành", "party_committee", "tỉnh Hải Dương", False),
    R + "org/thành-ủy--a11111111": OrgInfo("Thành ủy", "party_committee", None, True),
    R + "org/thành-ủy-hải-phòng": OrgInfo("Thành ủy Hải Phòng", "party_committee", "thành phố Hải Phòng", False),
    R + "org/thành-ủy-hà-nội": OrgInfo("Thành ủy Hà Nội", "party_committee", "thành phố Hà Nội", False),
    R + "org/quốc-hội": OrgInfo("Quốc hội", "national_assembly", None, False),
    R + "org/bộ-chính-trị": OrgInfo("Bộ Chính trị", "politburo", None, False),
    R + "org/ubnd-quận--a22222222": OrgInfo("Ủy ban nhân dân quận", "people_committee", None, True),
    R + "org/ubnd-quận-ba-đình": OrgInfo("Ủy ban nhân dân quận Ba Đình", "people_committee", "thành phố Hà Nội", False),
    R + "org/công-ty--a33333333": OrgInfo("Công ty Liên doanh Phú Mỹ Hưng", "company", None, True),
    R + "org/công-ty--a44444444": OrgInfo("Công ty Liên doanh Phú Mỹ Hưng", "company", None, True),
    R + "org/công-ty--a55555555": OrgInfo("Công ty Vận tải hành khách", "company", None, True),
    R + "org/công-ty--a66666666": OrgInfo("Công ty Vận tải hành khách", "company", None, True),
}


def node(suffix: str, *posts: tuple[str, str], born: int | None = None, home: str | None = None,
         name: str = "Trần Văn Khải") -> PersonNode:
    iri = f"{R}person/trần-văn-khải--{suffix}"
    n = PersonNode(iri, name, articles={f"{R}article/{suffix}"})
    for role, org in posts:
        n.posts[(R + "role/" + role, R + "org/" + org)] = [Attestation(
            f"{R}post/{suffix}-{role}", iri, R + "role/" + role, R + "org/" + org, "current", None,
            f"{R}article/{suffix}", f"{R}article/{suffix}/s0-10")]
    if born:
        n.born[born] = {f"{R}article/{suffix}"}
    if home:
        n.home[home] = {f"{R}article/{suffix}"}
    return n


def people(*nodes: PersonNode) -> list[set[str]]:
    """The people the nodes are, as sets of node suffixes."""
    identity = resolve_identity(list(nodes), ROLES, ORGS)
    groups: dict[str, set[str]] = {}
    for iri, standing in identity.canonical.items():
        groups.setdefault(standing, set()).add(iri.rsplit("--", 1)[1])
    return sorted(groups.values(), key=sorted)


def test_a_shared_post_joins_two_provinces():
    assert people(node("hải-dương", ("bí-thư", "huyện-ủy-kim-thành")),
                  node("bắc-ninh", ("bí-thư", "huyện-ủy-kim-thành"), ("phó-chủ-tịch", "ubnd-quận-ba-đình"))
                  ) == [{"bắc-ninh", "hải-dương"}]


def test_namesakes_with_nothing_in_common_stay_apart():
    assert people(node("hải-dương", ("bí-thư", "huyện-ủy-kim-thành")),
                  node("hà-nội", ("phó-chủ-tịch", "ubnd-quận-ba-đình"))) == [{"hà-nội"}, {"hải-dương"}]


def test_different_birth_years_veto_a_link():
    assert people(node("hải-dương", ("bí-thư", "huyện-ủy-kim-thành"), born=1970),
                  node("bắc-ninh", ("bí-thư", "huyện-ủy-kim-thành"), born=1984)) == [{"bắc-ninh"}, {"hải-dương"}]
    assert people(node("hải-dương", ("bí-thư", "huyện-ủy-kim-thành"), home="tỉnh Hải Dương"),
                  node("bắc-ninh", ("bí-thư", "huyện-ủy-kim-thành"), home="tỉnh Nghệ An")) == [
        {"bắc-ninh"}, {"hải-dương"}]
    # … and the same birth year is a link of its own
    assert people(node("hải-dương", born=1970), node("bắc-ninh", born=1970)) == [{"bắc-ninh", "hải-dương"}]


def test_a_post_hundreds_hold_does_not_join_namesakes():
    assert people(node("quảng-nam", ("đại-biểu", "quốc-hội")),
                  node("hà-nội", ("đại-biểu", "quốc-hội"))) == [{"hà-nội"}, {"quảng-nam"}]


def test_an_unplaced_office_joins_only_the_one_person_who_fits():
    lone = node("a11111111", ("bí-thư", "thành-ủy--a11111111"))
    assert people(lone, node("hải-phòng", ("bí-thư", "thành-ủy-hải-phòng"))) == [
        {"a11111111", "hải-phòng"}]
    # two people of the name hold such an office: which one is unknown, so neither
    assert people(lone, node("hải-phòng", ("bí-thư", "thành-ủy-hải-phòng")),
                  node("hà-nội", ("bí-thư", "thành-ủy-hà-nội"))) == [
        {"a11111111"}, {"hà-nội"}, {"hải-phòng"}]
    # "Ủy ban nhân dân quận" fits "… quận Ba Đình"
    assert people(node("a22222222", ("phó-chủ-tịch", "ubnd-quận--a22222222")),
                  node("hà-nội", ("phó-chủ-tịch", "ubnd-quận-ba-đình"))) == [{"a22222222", "hà-nội"}]


def test_a_body_named_in_full_is_one_body_even_unplaced():
    assert people(node("a33333333", ("tổng-giám-đốc", "công-ty--a33333333")),
                  node("a44444444", ("tổng-giám-đốc", "công-ty--a44444444"))) == [{"a33333333", "a44444444"}]
    # a common description is not a name: "Công ty Vận tải hành khách" may be any of many
    assert people(node("a55555555", ("tổng-giám-đốc", "công-ty--a55555555")),
                  node("a66666666", ("tổng-giám-đốc", "công-ty--a66666666"))) == [{"a55555555"}, {"a66666666"}]


def test_named_without_a_title_joins_the_one_leader_of_the_name():
    leader = node("national", ("ủy-viên", "bộ-chính-trị"))
    assert people(leader, node("a77777777")) == [{"a77777777", "national"}]
    # not someone whose article gives a post of their own
    assert people(leader, node("hải-dương", ("bí-thư", "huyện-ủy-kim-thành"))) == [{"hải-dương"}, {"national"}]


def test_decisions_say_why():
    identity = resolve_identity([node("hải-dương", ("bí-thư", "huyện-ủy-kim-thành")),
                                 node("bắc-ninh", ("bí-thư", "huyện-ủy-kim-thành")),
                                 node("quảng-nam", ("đại-biểu", "quốc-hội"))], ROLES, ORGS)
    merged, = [d for d in identity.decisions if d.decision == "merged"]
    assert merged.rule == "shared_post" and "Bí thư of Huyện ủy Kim Thành" in merged.reason
    assert merged.evidence and merged.articles
    apart, = [d for d in identity.decisions if d.decision == "kept_apart"]
    assert "2 people of this name" in apart.reason and len(apart.others) == 1


def test_bounds_of_a_date_at_its_precision():
    assert (lower("2020-02"), upper("2020-02")) == ("2020-02-01", "2020-02-29")
    assert (lower("2019"), upper("2019")) == ("2019-01-01", "2019-12-31")
    assert (lower("2019-05-02"), upper("2019-05-02")) == ("2019-05-02", "2019-05-02")


def test_offsets_into_raw_records_follow_normalization():
    raw = "Tin\r\n\r\nÔng  Tra\u0302\u0300n Va\u0306n Kha\u0309i,\u00a0Bí thư"
    from kg.extract.normalize import normalize_text

    text = normalize_text(raw)
    start = raw.index("Tra")
    at = normalized_offset(raw, start)
    assert text[at:].startswith("Trần Văn Khải")


# -- scoring judged pairs, on kg's own articles (tests/careers) as a corpus ------------

def _mention(records: dict, rid: str, name: str, nth: int = 0) -> dict:
    text = records[rid]
    at = -1
    for _ in range(nth + 1):
        at = text.index(name, at + 1)
    return {"text": "records.jsonl", "record": rid, "start": at, "end": at + len(name)}


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("identity")
    records = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "careers").glob("*.txt"))}
    records["credit"] = ("Ảnh trong ngày\n\n9/9/2021\n\nBuổi lễ diễn ra trang trọng.\n\n"
                         "Ảnh: Trần Văn Khải\n")
    with (folder / "records.jsonl").open("w", encoding="utf-8") as out:
        for rid, text in records.items():
            out.write(json.dumps({"id": rid, "text": text}, ensure_ascii=False) + "\n")
    khai = "Trần Văn Khải"
    chosen = [
        ("01-dai-hoi-kim-thanh-2015", "12-bac-ninh-2022", khai, True, True),   # one career
        ("02-so-ket-kim-thanh-2016", "10-ban-to-chuc-2019", khai, True, True),  # one career
        ("01-dai-hoi-kim-thanh-2015", "13-duy-xuyen-2017", khai, False, True),  # namesakes
        ("13-duy-xuyen-2017", "14-yen-thanh-2019", khai, False, True),          # namesakes
        ("04-bi-thu-moi-2018", "07-dai-hoi-kim-thanh-2020", "Đỗ Văn Bình", True, True),
        ("15-thanh-ha-2017-05", "17-thanh-ha-2017-09", "Phạm Văn Quang", True, True),
        ("12-bac-ninh-2022", "credit", khai, True, True),                        # not found
        ("05-quyen-chu-tich-2019", "06-chu-tich-moi-2019", "Phạm Thị Hoa", None, True),  # open
        ("02-so-ket-kim-thanh-2016", "09-kim-thanh-2023", "Kim Thành", None, False),   # not a person
    ]
    pairs = [{"pair": f"pair-{i:03d}", "name": name, "a": _mention(records, a, name),
              "b": _mention(records, b, name), "same": same, "valid": valid}
             for i, (a, b, name, same, valid) in enumerate(chosen, start=1)]
    (folder / "pairs.json").write_text(json.dumps(pairs, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus_store(pairs, tmp_path_factory):
    """The whole fixture corpus built, as a user's store would be."""
    import gc

    from kg.graph.build import build
    from kg.graph.store import KGStore

    path = tmp_path_factory.mktemp("corpus") / "kg.db"
    store = KGStore(path)
    build([str(pairs / "records.jsonl")], store, jobs=1)
    del store
    gc.collect()  # let go of the store's lock: the command opens it again
    return path


def test_merges_are_scored_on_the_pairs_kg_found(pairs, corpus_store):
    from kg.graph.store import KGStore

    # the pairs' own articles: what joins the career (the Bắc Ninh article of 2021 naming the
    # Hải Dương post) is not among them, so one same-person pair stays apart
    report = evaluate_identity(pairs)
    assert (report["pairs"], report["scored"], report["found"]) == (9, 7, 6)
    assert report["not_found"] == {"same": 1, "namesakes": 0}
    assert report["not_scored"] == {"not persons": 1, "open": 1}
    assert report["merges"] == {"tp": 3, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.75}
    assert report["namesakes_kept_apart"] == 2
    # with every article as evidence, it is joined
    store = KGStore(corpus_store, read_only=True)
    report = evaluate_identity(pairs, store)
    assert report["merges"] == {"tp": 4, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}


def test_a_wrong_merge_lowers_precision(pairs):
    wrong = json.loads((pairs / "pairs.json").read_text(encoding="utf-8"))
    wrong[1]["same"] = False  # as if the judges had called the Kim Thành Bí thư two people
    (pairs / "wrong.json").write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    report = evaluate_identity(pairs / "wrong.json")
    assert report["merges"]["fp"] == 1 and report["merges"]["precision"] == 0.6667
    assert report["namesakes_kept_apart"] == 2  # of 3 namesake pairs found


def test_evaluate_command_prints_merge_precision_and_recall(pairs, corpus_store, capsys):
    assert main(["evaluate", str(pairs)]) == 0
    out = capsys.readouterr().out
    assert "9 identity pairs, 7 scored" in out and "not found: 1" in out
    assert "1.000   0.750     3     0     1" in out
    assert main(["evaluate", str(pairs / "pairs.json"), "--store", str(corpus_store), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["merges"]["tp"] == 4


def test_bad_pairs_files_are_named(tmp_path):
    from kg.errors import KGError

    bad = tmp_path / "pairs.json"
    bad.write_text('[{"pair": "p1", "name": "X", "a": {"text": "t", "record": "r"}}]', encoding="utf-8")
    with pytest.raises(KGError, match="pair 1 .* lacks b, a.start, a.end"):
        evaluate_identity(bad)
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(KGError, match="pairs.json:1: not valid JSON"):
        evaluate_identity(bad)
