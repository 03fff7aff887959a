"""Document-level lists: every party with how often it is made responsible."""
from __future__ import annotations

from collections import Counter


def party_counts(directives) -> list[dict]:
    """Parties named in directives (not inherited), by normalized name, most
    frequent first; ``forms`` lists the ways the text wrote each."""
    counts: Counter = Counter()
    forms: dict[str, list[str]] = {}
    for d in directives:
        for p in d.parties:
            if p.inherited:
                continue
            name = p.value.get("name", p.text)
            counts[name] += 1
            seen = forms.setdefault(name, [])
            if p.text not in seen:
                seen.append(p.text)
    return [{"text": name, "count": n, "forms": forms[name]} for name, n in counts.most_common()]
