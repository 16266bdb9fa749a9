"""The three Flask services: fpn, cctv and noise."""
