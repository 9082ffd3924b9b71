// A virtio block device (virtio 1.1, section 5.2) over a raw image file given with --disk.
// Reads and writes go to the file at once (pread/pwrite), so a run changes the image as a real
// disk would; ",ro" offers it read-only (VIRTIO_BLK_F_RO).
#pragma once
#include <string>

#include "dev/virtio_mmio.h"

namespace flashsim::dev {

class VirtioBlk : public VirtioMmio {
public:
    // Throws InputError if the image cannot be opened or is not a non-empty multiple of 512 bytes.
    VirtioBlk(sc_core::sc_module_name name, Dma& dma, const std::string& path, bool read_only);
    ~VirtioBlk() override;
    uint64_t sectors() const { return sectors_; }
    struct Stats {
        uint64_t reads = 0, writes = 0, flushes = 0, bytes_read = 0, bytes_written = 0, errors = 0;
    } stats;

protected:
    uint64_t device_features() const override;
    void config_read(uint64_t offset, uint8_t* buf, unsigned len) override;
    void queue_notify(unsigned q) override;

private:
    std::string path_;
    int fd_ = -1;
    bool read_only_;
    uint64_t sectors_ = 0;
    uint8_t serve(const Chain& c, uint32_t& written);  // returns the request's status byte
};

}  // namespace flashsim::dev
