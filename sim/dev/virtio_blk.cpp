#include "dev/virtio_blk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "platform/input_error.h"

namespace flashsim::dev {

namespace {
constexpr uint32_t kDeviceIdBlock = 2;
// Feature bits (virtio 1.1, 5.2.3).
constexpr uint64_t kSegMax = 1ull << 2, kRo = 1ull << 5, kBlkSize = 1ull << 6, kFlush = 1ull << 9;
constexpr uint32_t kSegMaxValue = 126;  // data segments per request
// Request types and status (5.2.6).
enum : uint32_t { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };
enum : uint8_t { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };
constexpr unsigned kSector = 512;
}  // namespace

VirtioBlk::VirtioBlk(sc_core::sc_module_name name, Dma& dma, const std::string& path, bool read_only)
    : VirtioMmio(name, dma, kDeviceIdBlock, 1), path_(path), read_only_(read_only) {
    fd_ = ::open(path.c_str(), read_only ? O_RDONLY : O_RDWR);
    if (fd_ < 0) throw InputError(fmt::format("{}: cannot open disk image: {}", path, std::strerror(errno)));
    struct stat st {};
    if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd_);
        throw InputError(fmt::format("{}: a disk image must be a regular file", path));
    }
    if (st.st_size == 0 || st.st_size % kSector) {
        ::close(fd_);
        throw InputError(fmt::format("{}: a disk image must be a non-empty multiple of 512 bytes ({} bytes)", path,
                                     static_cast<uint64_t>(st.st_size)));
    }
    sectors_ = static_cast<uint64_t>(st.st_size) / kSector;
}

VirtioBlk::~VirtioBlk() {
    if (fd_ >= 0) ::close(fd_);
}

uint64_t VirtioBlk::device_features() const {
    return kFeatureVersion1 | kSegMax | kBlkSize | kFlush | (read_only_ ? kRo : 0);
}

void VirtioBlk::config_read(uint64_t off, uint8_t* buf, unsigned len) {
    // struct virtio_blk_config, little-endian: capacity @0, size_max @8, seg_max @12, blk_size @20.
    uint8_t cfg[24] = {};
    for (unsigned i = 0; i < 8; ++i) cfg[i] = static_cast<uint8_t>(sectors_ >> (8 * i));
    for (unsigned i = 0; i < 4; ++i) {
        cfg[12 + i] = static_cast<uint8_t>(kSegMaxValue >> (8 * i));
        cfg[20 + i] = static_cast<uint8_t>(kSector >> (8 * i));
    }
    for (unsigned i = 0; i < len; ++i) buf[i] = off + i < sizeof cfg ? cfg[off + i] : 0;
}

void VirtioBlk::queue_notify(unsigned q) {
    Chain c;
    while (pop(q, c)) {
        uint32_t written = 0;
        const uint8_t status = serve(c, written);
        if (status == S_IOERR) ++stats.errors;
        const Buffer& last = c.bufs.back();
        if (dma_.write(last.addr, &status, 1)) push(q, c, written + 1);
        else fail(fmt::format("status byte at 0x{:x} is not in RAM", last.addr));
    }
}

uint8_t VirtioBlk::serve(const Chain& c, uint32_t& written) {
    // Header (16 bytes, device-readable), data buffers, status byte (device-writable, last).
    if (c.bufs.size() < 2 || c.bufs.front().device_writes || c.bufs.front().len < 16 || !c.bufs.back().device_writes ||
        c.bufs.back().len < 1) {
        fail("a request without a header or status buffer");
        return S_IOERR;
    }
    uint8_t hdr[16];
    if (!dma_.read(c.bufs.front().addr, hdr, 16)) return S_IOERR;
    auto le = [&](unsigned at, unsigned n) {
        uint64_t v = 0;
        for (unsigned i = n; i-- > 0;) v = (v << 8) | hdr[at + i];
        return v;
    };
    const uint32_t type = static_cast<uint32_t>(le(0, 4));
    uint64_t sector = le(8, 8);
    std::vector<uint8_t> data;
    const size_t ndata = c.bufs.size() - 2;
    if (type == T_FLUSH) {
        ++stats.flushes;
        return fsync(fd_) == 0 ? S_OK : S_IOERR;
    }
    if (type == T_GET_ID) {
        const Buffer& b = c.bufs[1];
        char id[20] = {};
        std::snprintf(id, sizeof id, "flashsim-%s", name());
        const uint32_t n = std::min<uint32_t>(b.len, sizeof id);
        if (ndata < 1 || !dma_.write(b.addr, id, n)) return S_IOERR;
        written = n;
        return S_OK;
    }
    if (type != T_IN && type != T_OUT) return S_UNSUPP;
    if (type == T_OUT && read_only_) return S_IOERR;
    for (size_t i = 1; i <= ndata; ++i) {
        const Buffer& b = c.bufs[i];
        if (b.device_writes != (type == T_IN) || b.len % kSector) return S_IOERR;
        const uint64_t nsec = b.len / kSector;
        if (sector > sectors_ || nsec > sectors_ - sector) return S_IOERR;  // beyond the disk's end
        data.resize(b.len);
        const off_t at = static_cast<off_t>(sector * kSector);
        if (type == T_IN) {
            if (pread(fd_, data.data(), b.len, at) != static_cast<ssize_t>(b.len) || !dma_.write(b.addr, data.data(), b.len))
                return S_IOERR;
            written += b.len;
            ++stats.reads;
            stats.bytes_read += b.len;
        } else {
            if (!dma_.read(b.addr, data.data(), b.len) || pwrite(fd_, data.data(), b.len, at) != static_cast<ssize_t>(b.len))
                return S_IOERR;
            ++stats.writes;
            stats.bytes_written += b.len;
        }
        sector += nsec;
    }
    return S_OK;
}

}  // namespace flashsim::dev
