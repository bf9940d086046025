"""The writer: a Report into the raw schema (one transaction per document, COPY). No parsing here."""
from juesuan.loaders.store.report import StoreResult, store_report

__all__ = ["StoreResult", "store_report"]
