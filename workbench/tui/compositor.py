"""A compositor that keeps a toast's Chinese characters whole.

Textual paints a screen line in "chops" between cuts, and a cut is every x where any
visible widget starts or ends, including the widgets a toast covers. A cut that falls
inside a double-width character of the toast splits it, and Rich turns both halves into
spaces: "…与服务商 / 的联系" showed as "…与服务 / 的联系" over the case screen, whose
padded panes end at x = 77 (Textualize/textual#6357, open). Here the cuts of the widgets
under a toast are dropped inside the toast, so each toast line is one chop; a widget that
starts under a toast is cut where the toast ends, its covered part never painted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets._toast import Toast


class GlyphSafeCompositor(Compositor):
    @property
    def cuts(self) -> list[list[int]]:
        if self._cuts is not None:
            return self._cuts
        cuts = super().cuts  # computed and cached: the lines are trimmed in place
        for widget, (region, clip) in self.visible_widgets.items():
            if isinstance(widget, Toast):
                cover = region.intersection(clip)
                for y in cover.line_range:
                    cuts[y][:] = [c for c in cuts[y] if not cover.x < c < cover.right]
        return cuts

    def _render_chops(self, crop: Region, is_rendered_line: Callable[[int], bool]
                      ) -> Sequence[Mapping[int, Strip]]:
        # Textual's own loop, except that a render starting between two cuts (under a
        # toast) drops its part before the first cut instead of shifting it onto that cut
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips, strict=False):
                if not is_rendered_line(y):
                    continue
                line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                if not final_cuts:
                    continue
                if final_cuts[0] == render_x:
                    pieces = strip.divide([cut - render_x for cut in final_cuts[1:]])
                else:  # the start is covered: skip to the first cut
                    pieces = strip.divide([cut - render_x for cut in final_cuts])[1:]
                for cut, piece in zip(final_cuts, pieces, strict=False):
                    if piece.cell_length and line.get(cut) is None:  # the first paint wins
                        line[cut] = piece
        return chops  # type: ignore[return-value]
