from patchlint.model.message import Address
from patchlint.model.trailers import find_reply_trailers, same_person, split_trailer_block


def test_trailer_block_with_xen_area_suffix_wrapping_and_case():
    text, trailers = split_trailer_block(
        "Fix it.\n\nMore text.\n\n"
        'Fixes: abcdef012345 ("x")\n'
        'Reported-by: "Doe, Jane" <jane@example.com>\n'
        "Signed-off-by: Wrapped Person\n  <broken@example.com>\n"
        "Acked-by: Jan Beulich <jbeulich@suse.com> # x86\n"
        "Release-acked-by: Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>\n"
    )
    assert text == "Fix it.\n\nMore text."
    assert [t.name for t in trailers] == [
        "Fixes",
        "Reported-by",
        "Signed-off-by",
        "Acked-by",
        "Release-acked-by",
    ]
    assert trailers[1].person == Address("Doe, Jane", "jane@example.com")
    assert trailers[2].person == Address("Wrapped Person", "broken@example.com")
    assert trailers[3].extinfo == " # x86"
    assert trailers[3].person == Address("Jan Beulich", "jbeulich@suse.com")
    assert trailers[4].canonical == "Release-Acked-by"
    assert trailers[4].is_review
    assert not trailers[2].is_review


def test_malformed_address_is_still_a_trailer():
    _, trailers = split_trailer_block("x\n\nSigned-off-by: Xiantao Zhang <xiantao.zhang.intel.com>")
    assert trailers[0].person == Address("Xiantao Zhang", "xiantao.zhang.intel.com")


def test_a_prose_line_with_colon_is_not_a_trailer_block():
    text, trailers = split_trailer_block("Explain.\n\nNote: this is prose")
    assert trailers == []
    assert text.endswith("Note: this is prose")


def test_reply_trailers_skip_quotes_signature_and_addressless_lines():
    text = (
        "> Reviewed-by: Quoted <q@example.com>\n"
        "Looks good.\n\n"
        "Acked-by: Ian Campbell <ian.campbell@citrix.com>\n"
        "Acked-by: nobody in particular\n"
        "Link: https://lore.kernel.org/r/x\n"
        "-- \nReviewed-by: Sig <s@example.com>\n"
    )
    found = find_reply_trailers(text)
    assert [(t.name, t.value) for t in found] == [
        ("Acked-by", "Ian Campbell <ian.campbell@citrix.com>"),
        ("Link", "https://lore.kernel.org/r/x"),
    ]


def test_addressless_review_tag_naming_its_sender_takes_the_senders_address():
    # linux-hyperv, 2023-02-01: "Reviewed-by: Michael Kelley" under a v2, carried into v3 as
    # "Reviewed-by: Michael Kelley <mikelley@microsoft.com>"
    sender = Address("Michael Kelley (LINUX)", "mikelley@microsoft.com")
    text = "> quoted\n\nReviewed-by: Michael Kelley\nAcked-by: nobody in particular\n"
    found = find_reply_trailers(text, sender)
    assert [(t.name, t.person) for t in found] == [
        ("Reviewed-by", Address("Michael Kelley", "mikelley@microsoft.com"))
    ]
    # another person's name, a single word, or no sender: not taken (b4 takes none of them)
    assert find_reply_trailers("Reviewed-by: Jane Doe\n", sender) == []
    assert find_reply_trailers("Reviewed-by: Michael\n", sender) == []
    assert find_reply_trailers("Reviewed-by: Michael Kelley\n") == []
    assert find_reply_trailers("Signed-off-by: Michael Kelley\n", sender) == []


def test_same_person_by_address_or_name():
    a = Address("Ian Campbell", "Ian.Campbell@citrix.com")
    assert same_person(a, Address("", "ian.campbell@citrix.com"))
    assert same_person(a, Address("ian  campbell", "ijc@hellion.org.uk"))
    assert not same_person(a, Address("Ian Jackson", "ian.jackson@eu.citrix.com"))


def test_wrapped_trailer_on_the_last_line():
    _, trailers = split_trailer_block("x\n\nSigned-off-by: Long Name\n  <long@example.com>")
    assert trailers[0].person == Address("Long Name", "long@example.com")


def test_a_joined_continuation_marks_the_trailer_wrapped():
    _, trailers = split_trailer_block(
        "x\n\nSigned-off-by: Long Name\n  <long@example.com>\n"
        "Acked-by: One Line <one@example.com>\n  [note: kept as extinfo]"
    )
    assert [t.wrapped for t in trailers] == [True, False]


def test_reply_trailer_wrapped_before_its_address_is_marked():
    found = find_reply_trailers(
        "Ok.\n\nAcked-by: Ian Campbell\n<ian@example.com>\n"
        "Reviewed-by: Jan Beulich <jbeulich@suse.com>\n"
    )
    assert [(t.name, t.wrapped) for t in found] == [("Acked-by", True), ("Reviewed-by", False)]
    assert found[0].person == Address("Ian Campbell", "ian@example.com")
