"""Inputs known to make Markdown parsers slow, each ``size`` characters long: shared
by the render-bound tests and the benchmark (tests/bench/bench_markdown.py)."""


def pathological(size: int) -> dict[str, str]:
    half = size // 2
    depth = int(size**0.5) // 2
    return {
        # 10 s at 16 KB in Python-Markdown 3.11.3.
        "nested brackets": "[" * half + "]" * half,
        # 9 s at 20 KB in Python-Markdown 3.11.4.
        "unclosed links": "[a](" * (size // 4),
        "unclosed images": "![" * half,
        "open brackets": "[" * size,
        "emphasis run": "*" * size,
        "alternating emphasis": "*_" * half,
        "nested emphasis": "*a " * (size // 3),
        "long link reference": "[x]: /" + "a" * (size - 12) + "\n\n[x]",
        "many link references": "".join(f"[r{i}]: /u{i}\n" for i in range(size // 12))[
            :size
        ],
        "deep lists": "".join(" " * (2 * i) + "- x\n" for i in range(depth))[:size],
        "deep quotes": ">" * size,
        "backtick runs": "`" * size,
        "angle brackets": "<" * size,
        "underscores in words": "a_" * half,
        "escapes": "\\" * size,
        "table pipes": "|" * size,
        "table rows": "| a | b |\n|---|---|\n" + "| x |\n" * ((size - 20) // 6),
    }
