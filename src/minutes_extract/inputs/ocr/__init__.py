"""OCR of page images with tesseract (a subprocess, Debian tesseract-ocr + tesseract-ocr-kor):
rendering and worker threads (pages), the tesseract call (tesseract), its TSV output and
plausibility rules (tsv), and the repair of misread speaker markers (markers)."""

from .markers import repair_marker, repair_markers
from .pages import OcrReading, default_workers, read_pages
from .tesseract import INSTALL_HINT, LANGUAGE, TesseractMissing, engine

__all__ = ["INSTALL_HINT", "LANGUAGE", "OcrReading", "TesseractMissing", "default_workers", "engine",
           "read_pages", "repair_marker", "repair_markers"]
