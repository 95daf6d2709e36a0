"""Where the signing package finds its trust roots and the demo certificate authority (environment settings)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from engine.db import DEFAULT_INSTANCE_DIR

DEMO_CA_FILE = "demo-ca.pem"  # the demo CA's certificate, in the demo folder, as `pki.make_demo_pki` writes it


@dataclass(frozen=True)
class SigningSettings:
    """`trust_roots_dir` (PLANFLOW_TRUST_ROOTS): a folder of root certificates (PEM or DER: .pem .crt .cer .der),
    e.g. the national root CA of the Ban Cơ yếu Chính phủ and of the Bộ Thông tin và Truyền thông;
    `demo_dir` (PLANFLOW_SIGNING_DIR, default instance/signing): where `planflow demo` makes the demo CA and keys."""

    trust_roots_dir: Path | None = None
    demo_dir: Path = DEFAULT_INSTANCE_DIR / "signing"

    @classmethod
    def from_env(cls) -> SigningSettings:
        roots = os.environ.get("PLANFLOW_TRUST_ROOTS")
        demo = os.environ.get("PLANFLOW_SIGNING_DIR")
        return cls(Path(roots) if roots else None, Path(demo) if demo else DEFAULT_INSTANCE_DIR / "signing")

    @property
    def demo_ca(self) -> Path:
        return self.demo_dir / DEMO_CA_FILE
