"""Input limits: anything beyond these is refused as unreadable, not processed."""

MAX_FILE_BYTES = 50 * 1024 * 1024        # one uploaded file
MAX_PAGES = 200                          # PDF pages, TIFF frames, XLSX sheets
MAX_IMAGE_PIXELS = 80_000_000            # per image / rendered page (≈ A3 at 600 dpi)
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024  # DOCX/XLSX total inflated size
MAX_ZIP_RATIO = 150                      # inflated / compressed, per member
MAX_ZIP_MEMBERS = 5000
MAX_XLSX_CELLS = 500_000                 # non-empty cells across all sheets
MAX_CSV_ROWS = 100_000
RENDER_DPI = 300
