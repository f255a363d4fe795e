"""Property-based tests of the pure core: ``Policy.decide`` and ``ResourceMap.match``.

Hypothesis generates policies (every kind of origin rule, methods, header
rules, switches) and requests (well-formed and near-miss origins, odd
unicode, control characters, empty and very long values), and checks each
decision against a small model of the rules written here from the
behaviour rules, not from the implementation:

- deciding never raises;
- ``Access-Control-Allow-Origin`` is absent, ``*``, or exactly the request's
  origin, and the origin only when the policy allows it;
- ``*`` never goes with credentials, and ``Vary: Origin`` is asked for
  whenever the answer depends on the origin;
- allowed methods and headers are subsets of what the policy allows;
- an answer never depends on earlier requests (the memo tables);
- a path gets the most specific resource that matches it, whatever the
  order the resources were given in, compared as given (no decoding, case
  sensitive).

Requests are mostly built around the policy's own rules (origins it allows
and near misses of them), so that the interesting cases come up often.
"""

from __future__ import annotations

import re
import string
import warnings
from datetime import timedelta

from hypothesis import given, note, settings
from hypothesis import strategies as st

from flask_cors.errors import CORSConfigWarning
from flask_cors.options import resolve_options
from flask_cors.policy import Policy
from flask_cors.protection import decide_write
from flask_cors.resources import ResourceMap, resolve_dot_segments

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"
ACEH = "Access-Control-Expose-Headers"
MAX_AGE = "Access-Control-Max-Age"
ACAPN = "Access-Control-Allow-Private-Network"

PROPERTY = settings(max_examples=120, deadline=None)

TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
DEFAULT_PORTS = {"http": ":80", "https": ":443"}

# --- origins ---------------------------------------------------------------

SCHEMES = ["http", "https", "HTTPS"]
HOSTS = [
    "example.com",
    "a.example.com",
    "b.a.example.com",
    "a-b.example.com",
    "a_b.example.com",
    "example.org",
    "x.example.org",
    "example.com.evil.net",
    "evilexample.com",
    "localhost",
    "127.0.0.1",
    "[::1]",
    "xn--bcher-kva.example",
]
PORTS = ["", ":8080", ":443", ":80"]

well_formed_origins = st.builds(
    lambda scheme, host, port, upper: f"{scheme}://{host.upper() if upper else host}{port}",
    st.sampled_from(SCHEMES),
    st.sampled_from(HOSTS),
    st.sampled_from(PORTS),
    st.booleans(),
)

# Near misses of well-formed origins, the way attackers build them.
TWISTS = [
    lambda o: o + ".evil.net",
    lambda o: o + "evil.net",
    lambda o: o + ":8443@evil.net",
    lambda o: o + "@evil.net",
    lambda o: o + "/",
    lambda o: o + "/path",
    lambda o: o + ".",
    lambda o: o + "\r\nSet-Cookie: a=b",
    lambda o: o + "\n",
    lambda o: o + "\x00",
    lambda o: o + "\x7f",
    lambda o: o.replace("://", "://\t", 1),
    lambda o: o + " ",
    lambda o: " " + o,
    lambda o: o + ", https://evil.net",
    lambda o: o + ",null",
    lambda o: o.replace(".", "x", 1),
    lambda o: "x".join(o.rsplit(".", 1)),
    lambda o: o.replace("://", "://evil.net?", 1),
    lambda o: o.replace("://", "://evil.net#", 1),
    lambda o: o.replace("a", "\u0430"),  # Cyrillic a
    lambda o: o.replace("s", "\u017f"),  # long s, which re.IGNORECASE folds to "s"
    lambda o: o.replace("k", "\u212a"),  # Kelvin sign, folded to "k"
    lambda o: o.upper(),
    lambda o: o[:-1],
]

near_miss_origins = st.builds(
    lambda origin, twist: twist(origin), well_formed_origins, st.sampled_from(TWISTS)
)

odd_origins = st.one_of(
    st.just(""),
    st.just("null"),
    st.just("NULL"),
    st.just("*"),
    st.just("file://"),
    st.text(max_size=40),
    st.text(st.characters(codec="latin-1"), max_size=40),
    st.builds(lambda n: "https://" + "a" * n + ".example.com", st.integers(1990, 2010)),
    st.builds(lambda n: "https://" + "a." * n + "example.com", st.integers(1000, 3000)),
)

request_origins = st.one_of(st.none(), well_formed_origins, near_miss_origins, odd_origins)

# --- origin rules and a model of what they allow ---------------------------

WILDCARD_DOMAINS = ["example.com", "example.org", "a.example.com", "example.com:8080"]
# Regex source -> an origin it allows.
REGEX_SOURCES = {
    r"https?://(.+\.)?example\.com": "https://a.example.com",
    r"https://.*\.example\.com": "https://b.a.example.com",
    r"https://[a-z]+\.example\.org": "https://x.example.org",
    r"https?://a\.example\.com(:\d+)?": "http://a.example.com:8080",
    r"http://127\.0\.0\.1(:\d+)?": "http://127.0.0.1:5000",
    r"https://(a|b)\.example\.com": "https://b.example.com",
    # Groups of their own: a name, and a backreference (never combined with others).
    r"https://(?P<shop>[a-z]+)\.example\.net": "https://shop.example.net",
    r"https://([a-z])\1\.example\.com": "https://aa.example.com",
}
LABEL_CHARACTERS = frozenset(string.ascii_lowercase + string.digits + "_-")


def ends_with_example_org(origin: str) -> bool:
    return origin.endswith(".example.org")


def is_localhost(origin: str) -> int:
    return int("localhost" in origin)  # truthy, not a bool


def allows_every_origin(origin: str) -> bool:
    return True


class Wildcard(str):
    """A subdomain wildcard, kept apart from exact origins for the model."""


exact_rules = st.builds(
    lambda scheme, host, port: f"{scheme}://{host}{port}",
    st.sampled_from(SCHEMES),
    st.sampled_from(HOSTS),
    st.sampled_from(PORTS),
)
origin_rules = st.one_of(
    st.sampled_from(["*", ".*", "null"]),
    exact_rules,
    st.builds(
        lambda scheme, domain: Wildcard(f"{scheme}://*.{domain}"),
        st.sampled_from(["http", "https"]),
        st.sampled_from(WILDCARD_DOMAINS),
    ),
    st.sampled_from(list(REGEX_SOURCES)),
    st.builds(
        re.compile, st.sampled_from(list(REGEX_SOURCES)), st.sampled_from([0, re.IGNORECASE])
    ),
    st.sampled_from([ends_with_example_org, is_localhost, allows_every_origin]),
)


def wildcard_allows(wildcard: str, origin: str) -> bool:
    scheme, domain = wildcard.lower().split("://*.", 1)
    origin = origin.lower()
    head, tail = f"{scheme}://", f".{domain}"
    if not (origin.startswith(head) and origin.endswith(tail)):
        return False
    labels = origin[len(head) : len(origin) - len(tail)].split(".")
    return all(
        label and set(label) <= LABEL_CHARACTERS and label[0] != "-" and label[-1] != "-"
        for label in labels
    )


def exact_allows(rule: str, origin: str) -> bool:
    rule = rule.lower()
    scheme = rule.split("://", 1)[0]
    if rule.endswith(DEFAULT_PORTS.get(scheme, "//")):
        rule = rule[: -len(DEFAULT_PORTS[scheme])]
    return origin.lower() == rule


def rule_allows(rule, origin: str) -> bool:
    """Whether one origin rule allows ``origin``, per the behaviour rules."""
    if origin == "null":
        return rule == "null"
    if isinstance(rule, re.Pattern):
        return rule.fullmatch(origin) is not None
    if callable(rule):
        return bool(rule(origin))
    if rule in ("*", ".*"):
        return True
    if rule == "null":
        return False
    if isinstance(rule, Wildcard):
        return wildcard_allows(rule, origin)
    if rule in REGEX_SOURCES:
        return re.fullmatch(rule, origin, re.IGNORECASE) is not None
    return exact_allows(rule, origin)


def model_allows(rules: list, origin: str) -> bool:
    return any(rule_allows(rule, origin) for rule in rules)


def example_origin(rule) -> str:
    """An origin that ``rule`` allows, to build requests around."""
    if isinstance(rule, re.Pattern):
        return REGEX_SOURCES[rule.pattern]
    if callable(rule):
        return "https://shop.example.org" if rule is ends_with_example_org else "http://localhost"
    if rule in ("*", ".*"):
        return "https://anyone.example.net"
    if isinstance(rule, Wildcard):
        return rule.replace("*", "a-1.b", 1)
    return REGEX_SOURCES.get(rule, rule)


def examples_for(rules: list) -> list:
    return [example_origin(rule) for rule in rules] + ["null", "https://other.example.net"]


def origins_for(rules: list):
    """Request origins: often the ones ``rules`` allow, and near misses of them."""
    examples = examples_for(rules)
    return st.one_of(
        st.sampled_from(examples),
        request_origins,
        st.builds(lambda o, twist: twist(o), st.sampled_from(examples), st.sampled_from(TWISTS)),
    )


# --- the rest of a policy --------------------------------------------------

METHOD_NAMES = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "get"]
HEADER_NAMES = ["Content-Type", "X-Requested-With", "Authorization", "X-Custom", "x-custom"]
HEADER_REGEXES = [r"X-Custom-.*", r"x-[a-z]+"]
MAX_AGES = {None: None, 0: "0", 600: "600", timedelta(minutes=5): "300", "30": "30", 2.0: "2"}


@st.composite
def policies(draw):
    """(options dict, origin rules as given, allowed header rules as given)."""
    rules = draw(st.lists(origin_rules, min_size=1, max_size=4))
    options = {
        "origins": rules,
        "methods": draw(st.lists(st.sampled_from(METHOD_NAMES), max_size=5)),
        "supports_credentials": draw(st.booleans()),
        "always_send": draw(st.booleans()),
        "vary_header": draw(st.booleans()),
        "allow_private_network": draw(st.booleans()),
        "max_age": draw(st.sampled_from(list(MAX_AGES))),
        "expose_headers": draw(st.sampled_from([None, ["X-Total"], "X-Total, X-Page"])),
    }
    send_wildcard = draw(st.sampled_from([True, False, None]))
    if send_wildcard is False or (send_wildcard and not options["supports_credentials"]):
        options["send_wildcard"] = send_wildcard
    header_rules = draw(
        st.one_of(
            st.just(["*"]),
            st.lists(
                st.one_of(
                    st.sampled_from(HEADER_NAMES),
                    st.sampled_from(HEADER_REGEXES),
                    st.builds(re.compile, st.sampled_from(HEADER_REGEXES), st.just(re.I)),
                ),
                max_size=3,
            ),
        )
    )
    options["allow_headers"] = header_rules
    return options, rules, header_rules


def header_allowed(header_rules: list, name: str) -> bool:
    for rule in header_rules:
        if rule == "*":
            return True
        if isinstance(rule, re.Pattern):
            if rule.fullmatch(name):
                return True
        elif rule in HEADER_REGEXES:
            if re.fullmatch(rule, name, re.IGNORECASE):
                return True
        elif rule.lower() == name.lower():
            return True
    return False


# --- requests --------------------------------------------------------------

preflight_methods = st.one_of(st.none(), st.sampled_from(METHOD_NAMES), st.text(max_size=20))
request_header_lists = st.one_of(
    st.none(),
    st.just(""),
    st.lists(st.sampled_from(HEADER_NAMES + ["X-Custom-Id", "x-abc", "X-1", "Cookie"])).map(
        ", ".join
    ),
    st.builds(
        lambda a, b: f"{a}\r\nSet-Cookie: x=y, {b}",
        st.sampled_from(HEADER_NAMES),
        st.sampled_from(HEADER_NAMES),
    ),
    st.text(max_size=60),
    st.builds(lambda n: ",".join(["X-Custom"] * n), st.integers(0, 500)),
)
route_methods = st.one_of(st.none(), st.frozensets(st.sampled_from(METHOD_NAMES[:-1])))


@st.composite
def requests(draw, rules: list, origins=None, methods=None):
    return {
        "origin": draw(origins_for(rules) if origins is None else origins),
        "preflight_method": draw(
            st.one_of(st.none(), preflight_methods.filter(bool)) if methods is None else methods
        ),
        "request_headers": draw(request_header_lists),
        "private_network": draw(st.booleans()),
        "route_methods": draw(route_methods),
    }


@st.composite
def policy_and_request(draw):
    policy = draw(policies())
    return policy, draw(requests(policy[1]))


@st.composite
def policy_and_requests(draw):
    """A policy and requests from one allowed origin in several cases, and others."""
    policy = draw(policies())
    example = example_origin(draw(st.sampled_from(policy[1])))
    related = [example, example.upper(), example.title(), "null"]
    actual_mostly = st.sampled_from([None, None, None, "PUT"])
    sequence = [draw(requests(policy[1], st.just(origin), actual_mostly)) for origin in related]
    sequence += draw(st.lists(requests(policy[1]), max_size=3))
    return policy, draw(st.permutations(sequence))


@st.composite
def policy_and_preflight(draw):
    """A policy and a preflight, usually from an origin that it allows."""
    policy = draw(policies())
    examples = st.sampled_from(examples_for(policy[1]))
    methods = st.one_of(st.sampled_from(METHOD_NAMES), preflight_methods.filter(bool))
    return policy, draw(requests(policy[1], st.one_of(examples, origins_for(policy[1])), methods))


def build(options: dict) -> Policy:
    # Upper-case origins, 'null' with credentials: the set-up warnings they
    # give have tests of their own; these properties are about the answers.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CORSConfigWarning)
        return Policy(resolve_options(options, where="property"), "property")


def header_map(decision) -> dict:
    names = [name for name, _ in decision.headers]
    assert len(names) == len(set(names)), f"a header appears twice: {decision.headers}"
    return dict(decision.headers)


# --- properties of one decision ---------------------------------------------


@PROPERTY
@given(policy_and_request())
def test_allow_origin_is_absent_star_or_the_allowed_request_origin(case):
    policy, request = case
    options, rules, _ = policy
    decision = build(options).decide(**request)
    headers = header_map(decision)
    origin = request["origin"]
    value = headers.get(ACAO)
    note(f"decision: {decision}")
    if value is None:
        assert not decision.allowed
    elif value == "*":
        assert any(rule in ("*", ".*") for rule in rules if isinstance(rule, str))
        assert options.get("send_wildcard", True)
        assert not options["supports_credentials"]
    else:
        assert value == origin
        assert model_allows(rules, origin)
        assert re.fullmatch(r"[!-~]+", value), "a reflected origin must be printable ASCII"


@st.composite
def policy_and_well_formed_origin(draw):
    policy = draw(policies())
    examples = st.sampled_from(examples_for(policy[1]))
    return policy, draw(st.one_of(well_formed_origins, examples))


@PROPERTY
@given(policy_and_well_formed_origin(), preflight_methods, route_methods)
def test_allowed_origin_gets_allow_origin(case, method, methods):
    (options, rules, _), origin = case
    decision = build(options).decide(origin, method, None, False, methods)
    if model_allows(rules, origin):
        assert header_map(decision).get(ACAO) in ("*", origin)
    else:
        assert header_map(decision).get(ACAO) in (None, "*")


@PROPERTY
@given(policy_and_request())
def test_wildcard_never_goes_with_credentials(case):
    policy, request = case
    options, _, _ = policy
    headers = header_map(build(options).decide(**request))
    if ACAC in headers:
        assert headers[ACAC] == "true"
        assert options["supports_credentials"]
        assert headers.get(ACAO) not in (None, "*")
    if headers.get(ACAO) == "*":
        assert ACAC not in headers
    if options["supports_credentials"] and ACAO in headers:
        assert headers[ACAC] == "true"


def check_preflight_headers(options: dict, header_rules: list, request: dict) -> None:
    headers = header_map(build(options).decide(**request))
    is_preflight = request["origin"] is not None and request["preflight_method"] is not None
    answered = ACAO in headers

    if ACAM in headers:
        assert is_preflight and answered
        offered = headers[ACAM].split(", ")
        assert len(offered) == len(set(offered))
        allowed = {m.strip().upper() for m in options["methods"]}
        for method in offered:
            # The requested method may be listed as sent ("patch"): browsers
            # compare methods case-sensitively, the app routes it upper-cased.
            assert method in allowed or (
                method == request["preflight_method"] and method.upper() in allowed
            )
            if request["route_methods"] is not None:
                assert method.upper() in request["route_methods"]

    if ACAH in headers:
        assert is_preflight and answered
        requested = [name.strip() for name in request["request_headers"].split(",")]
        for name in headers[ACAH].split(", "):
            assert TOKEN.fullmatch(name)
            assert name in requested
            assert header_allowed(header_rules, name)

    if ACAPN in headers:
        assert headers[ACAPN] == "true"
        assert is_preflight and answered
        assert request["private_network"] and options["allow_private_network"]

    if MAX_AGE in headers:
        assert is_preflight and answered
        assert headers[MAX_AGE] == MAX_AGES[options["max_age"]]

    if ACEH in headers:
        assert not is_preflight and answered


@PROPERTY
@given(policy_and_request())
def test_preflight_headers_only_on_answered_preflights(case):
    (options, _, header_rules), request = case
    check_preflight_headers(options, header_rules, request)


@settings(PROPERTY, max_examples=200)
@given(policy_and_preflight())
def test_preflight_headers_stay_within_the_policy(case):
    (options, _, header_rules), request = case
    check_preflight_headers(options, header_rules, request)


@PROPERTY
@given(policy_and_request())
def test_no_header_value_can_split_or_forge_a_header_line(case):
    policy, request = case
    options, _, _ = policy
    for name, value in build(options).decide(**request).headers:
        assert re.fullmatch(r"[ -~]*", value), f"{name}: {value!r}"
        assert not value.startswith(" ") and not value.endswith(" ")


@PROPERTY
@given(
    st.sampled_from(
        [
            {"origins": "*", "supports_credentials": True},
            {"origins": "*", "send_wildcard": False},
            {"origins": [lambda origin: True]},
            {"origins": [r".+"]},
        ]
    ),
    st.one_of(
        near_miss_origins,
        st.text(),
        st.text(st.characters(codec="latin-1")),
        st.builds("https://{}".format, st.text()),
    ),
    preflight_methods,
)
def test_policy_that_allows_everything_reflects_only_printable_ascii(options, origin, method):
    value = header_map(build(options).decide(origin, method)).get(ACAO)
    assert value is None or (value == origin and re.fullmatch(r"[!-~]+", value))


# --- subdomain wildcards -------------------------------------------------------

STRICT_ORIGIN = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[A-Za-z0-9._~\-]+(:[0-9]+)?")


@st.composite
def wildcard_and_origin(draw):
    scheme = draw(st.sampled_from(["http", "https"]))
    domain = draw(st.sampled_from(WILDCARD_DOMAINS))
    sub = draw(st.from_regex(r"[a-zA-Z0-9_.\-@:/?#%\\]{0,12}", fullmatch=True))
    host = draw(
        st.sampled_from(
            [
                f"{sub}.{domain}",
                f"{sub}{domain}",
                f"{sub}.{domain.replace('.', draw(st.sampled_from('x-_')))}",
                f"{sub}.{domain}.evil.net",
                domain,
            ]
        )
    )
    origin_scheme = draw(st.sampled_from([scheme, scheme, scheme.upper(), "wss", "http"]))
    port = draw(st.sampled_from(["", "", ":8080", ":443", ":1"]))
    return Wildcard(f"{scheme}://*.{domain}"), f"{origin_scheme}://{host}{port}"


@settings(PROPERTY, max_examples=300)
@given(wildcard_and_origin())
def test_subdomain_wildcard_allows_exactly_its_subdomains(case):
    wildcard, origin = case
    decision = build({"origins": [wildcard], "supports_credentials": True}).decide(origin)
    value = header_map(decision).get(ACAO)
    if value is not None:
        assert value == origin and wildcard_allows(wildcard, origin)
    elif STRICT_ORIGIN.fullmatch(origin):
        assert not wildcard_allows(wildcard, origin)


# --- properties across origins ----------------------------------------------


@st.composite
def policy_and_origins(draw):
    policy = draw(policies())
    return policy, draw(st.lists(origins_for(policy[1]), min_size=2, max_size=6))


@PROPERTY
@given(policy_and_origins(), preflight_methods, request_header_lists, st.booleans())
def test_vary_is_asked_for_whenever_the_answer_depends_on_the_origin(
    case, method, request_headers, private_network
):
    (options, _, _), origins = case
    built = build(options)
    if method is None:
        origins = [None, "null", *origins]
    else:  # a preflight always has an Origin
        origins = ["null", *(origin for origin in origins if origin is not None)]
    decisions = [
        built.decide(origin, method, request_headers, private_network) for origin in origins
    ]
    answers = {decision.headers for decision in decisions}
    note(f"answers: {answers}")
    if not options["vary_header"]:
        assert not any(decision.vary for decision in decisions)
    elif len(answers) > 1:
        assert all(decision.vary for decision in decisions)


@settings(PROPERTY, max_examples=200)
@given(policy_and_requests())
def test_answer_does_not_depend_on_earlier_requests(case):
    (options, _, _), sequence = case
    forward, backward = build(options), build(options)
    answers = [forward.decide(**request) for request in sequence]
    assert [backward.decide(**request) for request in reversed(sequence)] == answers[::-1]
    assert [forward.decide(**request) for request in sequence] == answers
    # Explaining never uses the memo tables: it computes every answer afresh.
    fresh = [
        forward.decide(**request, explain=True)._replace(explanation=()) for request in sequence
    ]
    assert fresh == answers


# --- explanations are the decision's own record ------------------------------

MATCHED = re.compile(r"origin (.*) matched (.*); it is reflected")


@settings(PROPERTY, max_examples=300)
@given(policy_and_request())
def test_explained_decision_is_the_plain_decision(case):
    (options, _, _), request = case
    plain = build(options).decide(**request)
    explained = build(options).decide(**request, explain=True)
    note(f"explanation: {explained.explanation}")
    assert explained._replace(explanation=()) == plain
    assert explained.explanation[0] == "policy: property"


@PROPERTY
@given(
    policy_and_request(),
    st.sampled_from([None, "same-origin", "same-site", "cross-site", "none", " Cross-Site"]),
    st.sampled_from([None, "", "example.com", "a.example.com:8080", "localhost", "evil.net"]),
)
def test_explained_write_decision_is_the_plain_write_decision(case, fetch_site, host):
    (options, _, _), request = case
    origin = request["origin"]
    plain = decide_write(build(options), origin, fetch_site, host)
    explained = decide_write(build(options), origin, fetch_site, host, explain=True)
    note(f"explanation: {explained.explanation}")
    assert explained._replace(explanation=()) == plain
    assert plain.explanation == ()
    assert explained.explanation[0] == "policy: property"


def matched_rule(options: dict, origin: str) -> str | None:
    """The rule an explanation names as allowing ``origin``, or None."""
    reasons = build({**options, "send_wildcard": False}).decide(origin, explain=True).explanation
    found = [MATCHED.fullmatch(reason) for reason in reasons]
    named = [match.group(2) for match in found if match is not None]
    assert len(named) <= 1, reasons
    return named[0] if named else None


@settings(PROPERTY, max_examples=300)
@given(policy_and_request())
def test_explanation_names_a_rule_that_allows_the_origin_on_its_own(case):
    """The label comes from the match that decided: the rule it names allows the
    origin when it is the only rule, and some rule does whenever one is named."""
    (options, rules, _), request = case
    origin = request["origin"]
    if origin is None:
        return
    named = matched_rule(options, origin)
    alone = {matched_rule({**options, "origins": [rule]}, origin) for rule in rules} - {None}
    note(f"named: {named!r}; each rule alone: {alone}")
    if named is None:
        assert not alone
    else:
        assert named in alone


# --- ResourceMap.match ---------------------------------------------------------

LITERAL_PATHS = ["/api/v1/users", "/files/a b", "/Files/Report", "/"]
PREFIXES = ["/api/*", "/api/v1/*", "/files/*", "/*", "/static/css/*"]
PATH_REGEXES = [r"/api/v\d+/items", r"/files/.*\.txt", r"/files/a\+b", r"/(?:docs|blog)/[a-z]+"]
COMPILED_PATHS = [
    re.compile(r"/api/(?:v1|v2)/.*"),
    re.compile(r"/static/[a-z]+\.css"),
    re.compile(r"/files/a b/.*"),
]
RESOURCE_PATTERNS = LITERAL_PATHS + PREFIXES + ["*"] + PATH_REGEXES + COMPILED_PATHS


def pattern_matches(pattern, path: str) -> bool:
    """Whether a resource pattern covers ``path``, per the behaviour rules."""
    if isinstance(pattern, re.Pattern):
        return pattern.fullmatch(path) is not None
    if pattern == "*":
        return True
    if pattern in PREFIXES:
        return path.startswith(pattern[:-1]) or (path == pattern[:-2] != "")
    if pattern in PATH_REGEXES:
        return re.fullmatch(pattern, path, re.DOTALL) is not None
    return pattern == path


def source(pattern) -> str:
    return pattern.pattern if isinstance(pattern, re.Pattern) else pattern


PATH_TWISTS = [
    lambda p: p,
    lambda p: p.swapcase(),
    lambda p: p.upper(),
    lambda p: p.replace(" ", "+"),
    lambda p: p.replace(" ", "%20"),
    lambda p: p.replace("+", " "),
    lambda p: p.replace("/", "//"),
    lambda p: p + "/",
    lambda p: p + "\n",
    lambda p: p + "/../../secret",
    lambda p: p.rstrip("/") + "iary",
]
base_paths = st.sampled_from(
    LITERAL_PATHS
    + [prefix[:-1] for prefix in PREFIXES]
    + ["/api/v2/items", "/files/x.txt", "/files/a+b", "/docs/intro", "/static/site.css"]
)
request_paths = st.one_of(
    st.builds(
        lambda p, twist, tail: twist(p) + tail,
        base_paths,
        st.sampled_from(PATH_TWISTS),
        st.text(max_size=8),
    ),
    st.text(max_size=30),
    st.just(""),
    st.builds(lambda n: "/api/v1/" + "a/" * n, st.integers(1000, 20000)),
)
resource_sets = st.lists(
    st.sampled_from(RESOURCE_PATTERNS), min_size=1, max_size=6, unique_by=source
)


@PROPERTY
@given(resource_sets, st.lists(request_paths, min_size=1, max_size=6), st.randoms())
def test_path_gets_a_matching_resource_whatever_the_order(patterns, paths, random):
    shuffled = patterns[:]
    random.shuffle(shuffled)
    # max_age tags each policy with the index of its pattern in ``patterns``.
    first = ResourceMap({p: {"max_age": patterns.index(p)} for p in patterns}, (), "property")
    second = ResourceMap({p: {"max_age": patterns.index(p)} for p in shuffled}, (), "property")
    for path in paths:
        found, again = first.owner(path), second.owner(path)
        assert (found and found.options.max_age) == (again and again.options.max_age)
        if found is None:
            # Dot or empty segments that resolve to another resource's path.
            assert resolve_dot_segments(path) != path
            continue
        matching = [p for p in patterns if pattern_matches(p, path)]
        note(f"{path!r}: {found} among {matching}")
        if found is False:
            assert matching == []
            continue
        winner = patterns[found.options.max_age]
        assert winner in matching
        if path in patterns:
            assert winner == path  # a literal path beats every pattern
        if winner == "*":
            assert matching == ["*"]
        if winner in PREFIXES:
            longer = [p for p in matching if p in PREFIXES and len(p) > len(winner)]
            assert longer == []
