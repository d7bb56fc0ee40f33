"""Why an operating-system call failed, in the reader's language.

`OSError.strerror` is the C library's English ("Permission denied"); a message that embeds
it would put English into a Chinese sentence. The usual reasons are in the catalog; an
unusual one keeps the system's own words behind a Chinese lead, with its errno name, so a
technician can still look it up.
"""

from __future__ import annotations

import errno

from workbench.i18n import N_, _

REASONS: dict[int, str] = {
    errno.EACCES: N_("没有权限"),
    errno.EPERM: N_("操作不被允许"),
    errno.ENOENT: N_("文件或文件夹不存在"),
    errno.ENOTDIR: N_("路径中有一段不是文件夹"),
    errno.EISDIR: N_("这是一个文件夹，不是文件"),
    errno.EEXIST: N_("已经存在"),
    errno.ENOTEMPTY: N_("文件夹不是空的"),
    errno.ENOSPC: N_("磁盘空间不足"),
    errno.EDQUOT: N_("超出磁盘配额"),
    errno.EROFS: N_("文件系统是只读的"),
    errno.ENAMETOOLONG: N_("文件名太长"),
    errno.ELOOP: N_("符号链接层数太多"),
    errno.EMFILE: N_("打开的文件太多"),
    errno.ENFILE: N_("系统打开的文件太多"),
    errno.EIO: N_("输入输出错误（磁盘或设备故障）"),
    errno.EBUSY: N_("文件或设备正被占用"),
    errno.ETXTBSY: N_("文件正被占用"),
    errno.EXDEV: N_("不能跨文件系统移动"),
    errno.EFBIG: N_("文件太大"),
    errno.EAGAIN: N_("资源暂时不可用，请稍后再试"),
    errno.EINVAL: N_("参数无效"),
    errno.ETIMEDOUT: N_("操作超时"),
    errno.ECONNREFUSED: N_("连接被拒绝"),
}


def os_reason(exc: BaseException) -> str:
    """The reason `exc` (an OSError, or anything else) failed, as a phrase for a message."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in REASONS:
        return _(REASONS[code])
    words = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    if isinstance(code, int):
        return _("系统错误 {name}：{words}").format(name=errno.errorcode.get(code, code),
                                                 words=words)
    return _("系统错误：{words}").format(words=words)
