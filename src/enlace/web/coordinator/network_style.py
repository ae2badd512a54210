"""How the network view draws agencies and links: one table for the legend (server) and
the drawing (network-view.js reads it from the page), so the two never disagree.

Colours are the Okabe-Ito palette (told apart with every common colour-vision
deficiency) and each category also has its own shape, each link kind its own line
style, so nothing is said by colour alone.
"""

from __future__ import annotations

from typing import Any

#: Node category -> (cytoscape shape, colour); categories as in network.explore.
NODE_STYLES: dict[str, tuple[str, str]] = {
    "public": ("ellipse", "#0072B2"),
    "private": ("rectangle", "#E69F00"),
    "ngo": ("diamond", "#009E73"),
    "treatment_centre": ("triangle", "#CC79A7"),
    "network": ("hexagon", "#D55E00"),
}
#: Link kind -> (line style, colour, dash pattern, width); "membership" for network
#: membership. cytoscape draws solid, dashed (with a pattern) and dotted lines.
EDGE_STYLES: dict[str, tuple[str, str, tuple[int, ...], int]] = {
    "priority_access": ("solid", "#0072B2", (), 2),
    "reserved_quota": ("solid", "#009E73", (), 5),
    "referral_protocol": ("dashed", "#B35C00", (8, 4), 2),
    "technical_cooperation": ("dotted", "#A8427F", (2, 4), 3),
    "financial_cooperation": ("dashed", "#D55E00", (14, 4, 2, 4), 2),
    "network_membership": ("dashed", "#4D4D4D", (4, 2), 2),
    "membership": ("solid", "#4D4D4D", (), 1),
}


def style_table() -> dict[str, Any]:
    """The table as JSON-ready data for the page's script."""
    return {
        "nodes": {k: {"shape": s, "colour": c} for k, (s, c) in NODE_STYLES.items()},
        "edges": {
            k: {"line": s, "colour": c, "dash": list(d), "width": w}
            for k, (s, c, d, w) in EDGE_STYLES.items()
        },
    }


def svg_shape(shape: str) -> str:
    """An SVG path for a legend swatch of a node shape, in a 20 x 20 box."""
    return {
        "ellipse": "M10 2a8 8 0 1 0 0.01 0Z",
        "rectangle": "M3 3h14v14H3Z",
        "diamond": "M10 1l9 9-9 9-9-9Z",
        "triangle": "M10 2l8 16H2Z",
        "hexagon": "M5 2h10l5 8-5 8H5l-5-8Z",
    }.get(shape, "M3 3h14v14H3Z")
