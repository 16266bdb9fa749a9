"""Deployable CCTV and the control room: demand signals now; camera moves and rotas come next."""
