"""MAINTAINERS parsing and lookup (patchlint/maintainers): get_maintainer.pl's pattern
semantics, specificity, X: exclusions, N:/K: regexes, format detection, and the real Xen
file's sections for paths a committer knows the answer for."""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.errors import InputError
from patchlint.maintainers import find_maintainers, parse_maintainers, read_maintainers
from patchlint.maintainers.patterns import compile_pattern, pattern_depth
from tests.conftest import CORPUS, require

XEN_MAINTAINERS = CORPUS / "xen-docs" / "MAINTAINERS"


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("drivers/net/", "drivers/net/a.c", True),
        ("drivers/net/", "drivers/net/e1000/b.c", True),  # trailing slash: in and below
        ("drivers/net/", "drivers/netx/a.c", False),
        ("drivers/net/*", "drivers/net/a.c", True),
        ("drivers/net/*", "drivers/net/e1000/b.c", False),  # not below
        ("*/net/*", "drivers/net/a.c", True),
        ("*/net/*", "net/a.c", False),
        ("*/net/*", "drivers/net/e1000/b.c", False),
        ("*", "README", True),
        ("*", "xen/README", False),
        ("*/", "xen/common/domain.c", True),
        ("*/", "README", False),
        ("tools/golang", "tools/golang/xenlight/types.go", True),  # a directory without its /
        ("tools/golang", "tools/golang", True),
        ("tools/golang", "tools/golangx/a.go", False),
        ("xen/arch/x86/tboot.c", "xen/arch/x86/tboot.c", True),
        ("xen/arch/x86/tboot.c", "xen/arch/x86/tboot.cc", False),
        ("xen/common/{kexec,kimage}.c", "xen/common/kimage.c", True),  # Xen's brace expansion
        ("xen/common/{kexec,kimage}.c", "xen/common/kexec.c", True),
        ("xen/common/{kexec,kimage}.c", "xen/common/kexex.c", False),
        ("xen/arch/*/livepatch*", "xen/arch/arm/livepatch.c", True),
        ("xen/arch/*/livepatch*", "xen/arch/arm/arm64/livepatch.c", False),
        ("drivers/net/e100?.c", "drivers/net/e1000.c", True),
        ("drivers/net/e100?.c", "drivers/net/e10000.c", False),
        ("arch/[ab]*/x.c", "arch/arm/x.c", True),
        ("arch/[!ab]*/x.c", "arch/arm/x.c", False),
        ("a.b/", "axb/c", False),  # dots are literal
    ],
)
def test_pattern_matching(pattern: str, path: str, expected: bool) -> None:
    assert compile_pattern(pattern).matches(path) is expected


@pytest.mark.parametrize(
    ("pattern", "depth"),
    [
        ("xen/arch/x86/", 3),
        ("xen/arch/x86/mm/", 4),
        ("xen/arch/x86/mm/p2m.c", 5),
        ("drivers/net/*", 3),
        ("*", -1),
        ("*/", -1),
        ("*/net/*", -1),
        ("tools/golang", 2),
    ],
)
def test_specificity_is_get_maintainer_depth(pattern: str, depth: int) -> None:
    assert pattern_depth(pattern) == depth


SYNTHETIC = """\
List of maintainers

Descriptions of section entries:

\tM: Mail patches to: FullName <address@domain>
\tF: drivers/net/\tall files in and below drivers/net

NET
M:\t"David S. Miller" <davem@davemloft.net>
R:\tRita Reviewer <rita@example.com> (odd comment)
L:\tnetdev@vger.kernel.org (moderated for non-subscribers)
S:\tMaintained
F:\tnet/
X:\tnet/ipv6/

IPV6
M:\tSix Person <six@example.com>

S:\tMaintained
F:\tnet/ipv6/

TEGRA
M:\tTea Gra <tea@example.com>
N:\t[^a-z]tegra

BROKEN
M:\tnobody at all
K:\t(unclosed
K:\t\\bgood_keyword\\b
F:\tlib/

THE REST
M:\tLinus Torvalds <torvalds@linux-foundation.org>
F:\t*
F:\t*/
"""


def test_sections_fields_and_problems() -> None:
    db = parse_maintainers(SYNTHETIC, "SYN")
    names = [s.name for s in db.sections]
    assert names == ["NET", "IPV6", "TEGRA", "BROKEN", "THE REST"]  # indented lines are text
    net = db.sections[0]
    assert [str(a) for a in net.maintainers] == ["David S. Miller <davem@davemloft.net>"]
    assert net.reviewers[0].email == "rita@example.com"
    assert net.lists == ("netdev@vger.kernel.org",)
    assert db.sections[1].files[0].text == "net/ipv6/"  # a blank line does not end a section
    assert db.format == "linux" and db.xen_version is None
    assert any("SYN:" in p and "nobody at all" in p for p in db.problems)
    assert any("(unclosed" in p for p in db.problems)
    assert [s.name for s, _ in db.keyword_sections("+\tgood_keyword();")] == ["BROKEN"]


def test_x_exclusion_and_n_regex() -> None:
    db = parse_maintainers(SYNTHETIC)
    assert [m.section.name for m in db.matches("net/ipv4/tcp.c")] == ["NET", "THE REST"]
    assert [m.section.name for m in db.matches("net/ipv6/addrconf.c")] == ["IPV6", "THE REST"]
    tegra = [(m.section.name, m.depth) for m in db.matches("drivers/gpu/host1x-tegra/x.c")]
    assert tegra == [("TEGRA", 0), ("THE REST", -1)]


def test_not_maintainers_text_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError):
        parse_maintainers("just some\ntext\n")
    with pytest.raises(InputError, match="cannot read"):
        read_maintainers(tmp_path / "missing")


def test_found_at_the_root_of_a_tree(tmp_path) -> None:
    assert find_maintainers(None, tmp_path) is None
    (tmp_path / "MAINTAINERS").write_text(SYNTHETIC)
    found = find_maintainers(None, tmp_path)
    assert found is not None and len(found.sections) == 5


# -- the real Xen file -----------------------------------------------------------------


@pytest.fixture(scope="module")
def xen():
    return read_maintainers(require(XEN_MAINTAINERS))


def test_xen_file_is_detected_and_clean(xen) -> None:
    assert xen.format == "xen" and xen.xen_version == "1"
    assert xen.problems == []
    assert xen.sections[-1].name == "THE REST" and xen.sections[-1].catch_all
    assert len(xen.sections) == 57


def specific(db, path: str) -> list[str]:
    """The sections that must approve: the most specific ones that have a maintainer."""
    with_m = [m for m in db.matches(path) if m.section.maintainers]
    return [m.section.name for m in with_m if m.depth == with_m[0].depth]


@pytest.mark.parametrize(
    ("path", "sections"),
    [
        ("xen/arch/x86/mm/shadow/multi.c", ["X86 SHADOW PAGETABLES"]),
        ("xen/arch/x86/mm/p2m.c", ["X86 ARCHITECTURE"]),
        ("xen/arch/x86/traps.c", ["X86 ARCHITECTURE"]),
        ("xen/drivers/passthrough/io.c", ["IOMMU VENDOR INDEPENDENT CODE"]),
        ("xen/drivers/passthrough/vtd/iommu.c", ["X86 ARCHITECTURE"]),  # X: in IOMMU
        ("xen/drivers/passthrough/amd/iommu_init.c", ["AMD IOMMU"]),
        ("xen/common/kexec.c", ["KEXEC"]),
        ("xen/arch/x86/acpi/power.c", ["ACPI", "POWER MANAGEMENT"]),  # tied: both are its own
        ("xen/arch/x86/acpi/boot.c", ["ACPI"]),  # POWER MANAGEMENT excludes it
        ("tools/golang/xenlight/types.gen.go", ["GOLANG BINDINGS"]),
        ("xen/arch/riscv/setup.c", ["THE REST"]),  # RISCV lists reviewers only
        ("xen/arch/x86/mm/mem_paging.c", ["X86 ARCHITECTURE"]),  # orphaned: next level decides
        ("xen/common/domain.c", ["THE REST"]),
        ("README", ["THE REST"]),
        ("tools/libs/light/libxl_remus_device.c", ["LIBS"]),  # REMUS is an orphan
    ],
)
def test_xen_most_specific_sections(xen, path: str, sections: list[str]) -> None:
    assert specific(xen, path) == sections


def test_xen_file_does_not_cover_linux_paths(xen) -> None:
    assert not xen.covers("drivers/net/xen-netback/interface.c")
    assert xen.covers("xen/common/domain.c") and xen.covers("README")
    assert xen.covers("tools/libxl/libxl.c")  # moved since, still Xen's tools/


@pytest.mark.parametrize(
    ("pattern", "word"),
    [
        (r"\bxsm_\w+", "xsm_"),
        ("of_get_profile", "of_get_profile"),
        (r"xsm_.*", "xsm_"),
        (r"\b(printk|pr_(info|err))\b", None),
        (r"(?i)foo", None),
        (r"abcd?", "abc"),
        (r"ab", None),
        (r"[^@]sparc", None),
        (r"foo|bar", None),
    ],
)
def test_keyword_prefilter_word(pattern: str, word: str | None) -> None:
    from patchlint.maintainers.file import required_literal

    assert required_literal(pattern) == word


def test_keywords_match_with_and_without_the_prefilter() -> None:
    db = parse_maintainers(
        "A\nM:\ta <a@x.org>\nK:\t\\bxsm_\\w+\n\nB\nM:\tb <b@x.org>\n"
        "K:\t\\b(printk|pr_(info|err))\\b\n\nC\nM:\tc <c@x.org>\n"
        "K:\tabcd?e\n"
    )
    assert [s.name for s, _ in db.keyword_sections("+ rc = xsm_foo(d);")] == ["A"]
    assert [s.name for s, _ in db.keyword_sections('+ pr_err("x");')] == ["B"]
    assert [s.name for s, _ in db.keyword_sections("abce")] == ["C"]
    assert db.keyword_sections("+ xsmfoo(); printf") == []


def test_a_parsed_file_survives_pickling_for_worker_processes(xen) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(xen))
    assert [m.section.name for m in copy.matches("xen/common/kimage.c")] == ["KEXEC", "THE REST"]
    assert copy.format == "xen"


# -- the format without Xen's V: line ----------------------------------------------------------

XEN_FILE = (
    Path(__file__).resolve().parents[2] / "rules" / "dropped-trailer" / "cases" / "MAINTAINERS-xen"
)


def test_a_xen_file_without_its_v_line_is_told_by_its_list_or_its_xen_sections() -> None:
    text = XEN_FILE.read_text(encoding="utf-8")
    assert parse_maintainers(text).format_evidence == ("xen", "V: xen-maintainers-1 in THE REST")
    no_marker = text.replace("V:\txen-maintainers-1\n", "")
    fmt, why = parse_maintainers(no_marker).format_evidence
    assert fmt == "xen" and "xen-devel@lists.xenproject.org" in why
    # nothing but a Linux-style list on the catch-all and no xen/ sections: Linux's format
    linux = no_marker.replace("xen-devel@lists.xenproject.org", "linux-kernel@vger.kernel.org")
    linux = linux.replace("F:\txen/", "F:\tkernel/")
    assert parse_maintainers(linux).format_evidence[0] == "linux"
