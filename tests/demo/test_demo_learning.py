"""The demo's learning history fits its media: a saved video position lies inside the clip it was saved on,
before its last seconds, so that « Reprendre » in the demo starts where the history says."""
from __future__ import annotations

import struct
from pathlib import Path

from portal.learning.models import Lesson, LessonProgress
from portal.player.tracking import END_MARGIN_SECONDS


def clip_seconds(mp4: Path) -> float:
    """The duration an MP4 file declares in its movie header (mvhd: timescale, then duration)."""
    data = mp4.read_bytes()
    header = data.find(b"mvhd")
    assert header > 0, f"{mp4} has no movie header"
    if data[header + 4] == 1:  # version 1: 64-bit times
        timescale, duration = struct.unpack(">IQ", data[header + 24:header + 36])
    else:
        timescale, duration = struct.unpack(">II", data[header + 16:header + 24])
    return duration / timescale


def test_every_saved_video_position_of_the_demo_lies_inside_its_clip(demo):
    with demo.app_context():
        media = Path(demo.instance_path) / "media"
        saved = list(LessonProgress.select(LessonProgress, Lesson).join(Lesson)
                     .where((Lesson.kind == "video") & (LessonProgress.position_seconds > 0)))
        assert saved, "the demo shows a video to resume (Antoine's)"
        for progress in saved:
            for path in filter(None, (progress.lesson.video_path, progress.lesson.video_low_path)):
                seconds = clip_seconds(media / path)
                end = seconds - min(END_MARGIN_SECONDS, seconds / 10)
                assert 0 < progress.position_seconds < end, (path, progress.position_seconds, seconds)
