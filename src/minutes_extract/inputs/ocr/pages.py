"""PDF pages → text by OCR: each page rendered at 300 dpi (pypdfium2, grey, in this thread:
pdfium is not thread-safe) and read by tesseract in a few worker threads. The work is done in
the tesseract processes, so threads suffice; at most as many as there are cores, and only a
few pages' images are held at a time.

Segmentation mode 3 (automatic, finds columns) is tried first; when its reading is
implausible (tsv.implausible) the page is read again in mode 6 (one block of text) and the
better reading is kept: mode 3 has failed on very clean renders with 75–84% of characters wrong.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

import pypdfium2 as pdfium

from . import tesseract
from .tsv import PageText, better, implausible, parse

MAX_WORKERS = 4
FIRST_PSM, SECOND_PSM = 3, 6


@dataclass(slots=True)
class OcrReading:
    number: int  # 1-based page index
    width: float  # points
    height: float
    text: PageText
    psm: int
    blank: bool = False  # drawn blank: nothing to read, tesseract not run


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def read_pages(document: pdfium.PdfDocument, numbers: Iterable[int],
               workers: int | None = None) -> list[OcrReading]:
    """The OCR readings of the given pages (1-based), in page order."""
    workers = workers or default_workers()
    pending: set[Future[OcrReading]] = set()
    done: list[OcrReading] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        for number in numbers:
            while len(pending) >= 2 * workers:  # bounded: a page image is ~9 MB
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                done.extend(future.result() for future in finished)
            page = document[number - 1]
            width, height = page.get_size()
            image = render(page)
            page.close()
            pending.add(pool.submit(read_page, number, width, height, image))
        done.extend(future.result() for future in pending)
    return sorted(done, key=lambda reading: reading.number)


def render(page: pdfium.PdfPage) -> bytes:
    """The page as a grey PNM (P5) image at tesseract.DPI."""
    bitmap = page.render(scale=tesseract.DPI / 72, grayscale=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    raw = bytes(bitmap.buffer)
    if bitmap.n_channels != 1:  # pdfium gave colour after all: take one channel
        raw = raw[1::bitmap.n_channels]
        stride //= bitmap.n_channels
    rows = raw if stride == width else b"".join(
        raw[row * stride:row * stride + width] for row in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + rows


def read_page(number: int, width: float, height: float, image: bytes) -> OcrReading:
    """One page: mode 3, and mode 6 when mode 3's reading is implausible."""
    if is_blank(image):
        return OcrReading(number, width, height, PageText([], 0.0, 0), FIRST_PSM, blank=True)
    square_inches = width * height / 72 / 72
    text = parse(*reversed(tesseract.read(image, FIRST_PSM)))
    psm = FIRST_PSM
    if implausible(text, square_inches):
        second = parse(*reversed(tesseract.read(image, SECOND_PSM)))
        if better(text, second):
            text, psm = second, SECOND_PSM
    return OcrReading(number, width, height, text, psm)


_LIGHT = bytes(range(192, 256))


def is_blank(image: bytes) -> bool:
    """No pixel darker than light grey below the PNM header: a page with nothing drawn."""
    pixels = image.split(b"\n", 3)[3]
    return not pixels.strip(_LIGHT)
