#include "platform/dtb.h"

#include <libfdt.h>

#include <stdexcept>

#include <fmt/format.h>

#include "dev/magic.h"

namespace flashsim::platform {
namespace {

constexpr uint64_t kIoWindow = 0x1F000000;  // node I/O window (DESIGN.md address map)
constexpr uint32_t kMagicPhandle = 1;        // node n's MAGIC: phandle 1 + n
constexpr uint32_t kIrqUart = dev::Magic::SRC_UART, kIrqVirtio0 = dev::Magic::SRC_VIRTIO0;

class Writer {
public:
    explicit Writer(size_t size) : buf_(size) { check(fdt_create(buf_.data(), static_cast<int>(size)), "create"); }
    void check(int err, const char* what) {
        if (err < 0) throw std::runtime_error(fmt::format("device tree {}: {}", what, fdt_strerror(err)));
    }
    void begin(const std::string& name) { check(fdt_begin_node(buf_.data(), name.c_str()), "begin_node"); }
    void end() { check(fdt_end_node(buf_.data()), "end_node"); }
    void prop(const char* n, const std::string& s) { check(fdt_property_string(buf_.data(), n, s.c_str()), n); }
    void prop_u32(const char* n, uint32_t v) { check(fdt_property_u32(buf_.data(), n, v), n); }
    void prop_u64(const char* n, uint64_t v) { check(fdt_property_u64(buf_.data(), n, v), n); }
    void prop_empty(const char* n) { check(fdt_property(buf_.data(), n, nullptr, 0), n); }
    // A list of 2-cell (64-bit) values, e.g. reg = <addr size>.
    void prop_cells64(const char* n, const std::vector<uint64_t>& vals) {
        std::vector<fdt32_t> cells;
        for (uint64_t v : vals) {
            cells.push_back(cpu_to_fdt32(static_cast<uint32_t>(v >> 32)));
            cells.push_back(cpu_to_fdt32(static_cast<uint32_t>(v)));
        }
        check(fdt_property(buf_.data(), n, cells.data(), static_cast<int>(cells.size() * 4)), n);
    }
    void compat(const std::vector<std::string>& list) {  // NUL-separated string list
        std::string s;
        for (const auto& c : list) s += c + '\0';
        check(fdt_property(buf_.data(), "compatible", s.data(), static_cast<int>(s.size())), "compatible");
    }
    std::vector<uint8_t> finish() {
        check(fdt_finish(buf_.data()), "finish");
        check(fdt_pack(buf_.data()), "pack");
        buf_.resize(fdt_totalsize(buf_.data()));
        return buf_;
    }
    void* raw() { return buf_.data(); }

private:
    std::vector<uint8_t> buf_;
};

}  // namespace

std::vector<uint8_t> build_dtb(const DtbSpec& s) {
    Writer w(64 * 1024 + s.bootargs.size() + 16 * s.cpu_node.size() * 64 +
             12 * s.distances.size() * s.distances.size() + 128 * s.memory.size());
    if (s.reserve_size) w.check(fdt_add_reservemap_entry(w.raw(), s.reserve_base, s.reserve_size), "memreserve");
    w.check(fdt_finish_reservemap(w.raw()), "finish_reservemap");
    w.begin("");
    w.prop_u32("#address-cells", 2);
    w.prop_u32("#size-cells", 2);
    w.compat({"flashsim,flash"});
    w.prop("model", "flashsim FLASH-like cc-NUMA machine (MIPS R10000)");

    w.begin("aliases");
    w.prop("serial0", "/soc/serial@1f010000");
    w.end();

    w.begin("chosen");
    w.prop("bootargs", s.bootargs);
    if (!s.vms.empty()) {  // reg of the vm@N children
        w.prop_u32("#address-cells", 2);
        w.prop_u32("#size-cells", 2);
    }
    w.prop("stdout-path", "serial0:115200n8");
    w.prop_u64("flashsim,boot-time", s.boot_time);
    if (!s.rng_seed.empty())
        w.check(fdt_property(w.raw(), "rng-seed", s.rng_seed.data(), static_cast<int>(s.rng_seed.size())), "rng-seed");
    if (s.initrd_end > s.initrd_start) {
        w.prop_u64("linux,initrd-start", s.initrd_start);
        w.prop_u64("linux,initrd-end", s.initrd_end);
    }
    for (unsigned i = 0; i < s.vms.size(); ++i) {
        const DtbSpec::Vm& vm = s.vms[i];
        w.begin(fmt::format("vm@{}", i));
        w.compat({"flashsim,vm-image"});
        w.prop_cells64("reg", {vm.base, vm.size});
        w.prop_u32("cpus", vm.cpus);
        w.prop_u64("memory", vm.mem);
        w.prop("image-name", vm.name);
        if (vm.disk_size) w.prop_cells64("disk", {vm.disk_base, vm.disk_size});
        w.end();
    }
    w.end();

    w.begin("cpus");
    w.prop_u32("#address-cells", 1);
    w.prop_u32("#size-cells", 0);
    for (unsigned i = 0; i < s.cpu_node.size(); ++i) {
        w.begin(fmt::format("cpu@{}", i));
        w.prop("device_type", "cpu");
        w.compat({"mips,r10000"});
        w.prop_u32("reg", i);
        w.prop_u32("clock-frequency", static_cast<uint32_t>(s.clock_hz));
        w.prop_u32("numa-node-id", s.cpu_node[i]);
        w.end();
    }
    w.end();

    for (const MemoryRange& m : s.memory) {
        w.begin(fmt::format("memory@{:x}", m.base));
        w.prop("device_type", "memory");
        w.prop_cells64("reg", {m.base, m.size});
        w.prop_u32("numa-node-id", m.node);
        w.end();
    }

    // Node distances (Documentation/devicetree/bindings/numa.txt): <from to distance> triples.
    w.begin("distance-map");
    w.compat({"numa-distance-map-v1"});
    std::vector<fdt32_t> triples;
    for (unsigned i = 0; i < s.distances.size(); ++i)
        for (unsigned j = 0; j < s.distances[i].size(); ++j)
            for (uint32_t v : {i, j, s.distances[i][j]}) triples.push_back(cpu_to_fdt32(v));
    w.check(fdt_property(w.raw(), "distance-matrix", triples.data(), static_cast<int>(triples.size() * 4)),
            "distance-matrix");
    w.end();

    // Every node's MAGIC (docs/magic.md), each the interrupt controller of its node's devices
    // (one cell: the INT_PENDING bit); node 0's UART, simctl and virtio-mmio slots.
    for (unsigned n = 0; n < s.distances.size(); ++n) {
        const uint64_t base = (uint64_t(n) << 32) | kIoWindow;
        w.begin(fmt::format("magic@{:x}", base));
        w.compat({"flashsim,magic"});
        w.prop_cells64("reg", {base, 0x10000});
        w.prop_u32("numa-node-id", n);
        w.prop_empty("interrupt-controller");
        w.prop_u32("#interrupt-cells", 1);
        w.prop_u32("phandle", kMagicPhandle + n);
        w.end();
    }

    w.begin("soc");  // node 0's I/O window
    w.compat({"simple-bus"});
    w.prop_u32("#address-cells", 2);
    w.prop_u32("#size-cells", 2);
    w.prop_empty("ranges");
    w.begin(fmt::format("serial@{:x}", kIoWindow + 0x10000));
    w.compat({"ns16550a"});
    w.prop_cells64("reg", {kIoWindow + 0x10000, 0x1000});
    w.prop_u32("clock-frequency", 1843200);
    w.prop_u32("reg-shift", 0);
    w.prop_u32("reg-io-width", 1);
    w.prop_u32("interrupt-parent", kMagicPhandle);
    w.prop_u32("interrupts", kIrqUart);
    w.prop("status", "okay");
    w.end();
    w.begin(fmt::format("simctl@{:x}", kIoWindow + 0x20000));
    w.compat({"flashsim,simctl"});
    w.prop_cells64("reg", {kIoWindow + 0x20000, 0x1000});
    w.end();
    for (unsigned k = 0; k < s.virtio_slots; ++k) {
        const uint64_t at = kIoWindow + 0x100000 + 0x1000 * k;
        w.begin(fmt::format("virtio@{:x}", at));
        w.compat({"virtio,mmio"});
        w.prop_cells64("reg", {at, 0x1000});
        w.prop_u32("interrupt-parent", kMagicPhandle);
        w.prop_u32("interrupts", kIrqVirtio0 + k);
        w.end();
    }
    w.end();

    w.end();
    return w.finish();
}

}  // namespace flashsim::platform
