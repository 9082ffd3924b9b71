// The full-map directory at each home node, written as gem5 SLICC protocols are (STYLE.md
// "Coherence"): explicit states (transient ones named for both ends), events, one small action
// per side effect, and ONE transition table. docs/coherence.md prints the table; a unit test
// checks that the document and this table agree.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace flashsim::mem {

enum class DirState : uint8_t {
    U,     // Uncached: no cache holds the line, memory is current
    S,     // Shared: the sharer bit-vector lists every cache holding it, memory is current
    E,     // Exclusive: one owner holds it E (clean) or D (dirty)
    E_S,   // E -> S: GetS forwarded to the owner, waiting for its sharing writeback
    E_E,   // E -> E: GetX forwarded to the owner, waiting for its ownership transfer
    S_ED,  // S -> E for a GetX: invalidations out, waiting for acks, then data to the requester
    S_EU,  // S -> E for an Upgrade: invalidations out, waiting for acks, then an ack
    Count
};

enum class DirEvent : uint8_t {
    GetS,           // read miss (may be granted Exclusive if nobody else holds the line)
    GetShd,         // instruction fetch miss: always granted Shared (the R10000's "read shared")
    GetX,           // write miss with no copy
    Upgrade,        // write to a Shared copy
    PutS,           // replacement hint from a sharer, other sharers remain
    PutS_Last,      // replacement hint from the only sharer
    PutE,           // the owner drops a clean exclusive line
    PutX,           // the owner writes back a dirty line
    InvAck,         // a sharer has invalidated its copy
    AcksDone,       // internal trigger: the last expected InvAck is in
    SharingWb,      // the owner downgraded a dirty line to Shared and sends the data home
    SharingAck,     // the owner downgraded a clean line to Shared
    OwnershipXfer,  // the owner gave its line to the requester of a forwarded GetX
    Count
};

enum class DirAction : uint8_t {
    countMiss,           // per-page, per-requesting-node miss counter (FLASH's hot-page unit)
    readMemory,          // data ready at the home local_ns after the handler starts
    writeMemory,         // a writeback reaches memory
    sendDataShared,      // data to the requester, granted Shared
    sendDataExclusive,   // data to the requester, granted Exclusive
    sendUpgradeAck,      // ownership without data to an upgrading sharer
    sendNak,             // the line is busy: the requester retries when it is not
    sendInvalidations,   // Inv to every sharer but the requester; count the acks expected
    forwardGetS,         // the owner downgrades, sends data to the requester and a SharingWb/Ack home
    forwardGetX,         // the owner invalidates, sends data to the requester and an OwnershipXfer home
    addSharer,           // the requester joins the sharer vector
    removeSharer,        // the sender leaves the sharer vector
    clearSharers,        // the sharer vector is emptied
    setOwner,            // the requester becomes the owner
    ownerToSharer,       // the (old) owner becomes a sharer, nobody owns the line
    clearOwner,          // the sender (which must be the owner) no longer owns the line
    decrementAcks,       // one fewer InvAck to wait for
    checkAcks,           // all acks in: trigger AcksDone
    beginPending,        // the line is busy (requests NAKed) from this handler on
    endPending,          // ... up to this handler
    Count
};

inline constexpr unsigned kDirStates = static_cast<unsigned>(DirState::Count);
inline constexpr unsigned kDirEvents = static_cast<unsigned>(DirEvent::Count);
inline constexpr unsigned kMaxActions = 6;

struct Transition {
    DirState next;
    uint8_t n_actions;
    std::array<DirAction, kMaxActions> actions;
};

// The table: nullptr for a pair that has no row.
const Transition* find_transition(DirState s, DirEvent e);
// The same, but an unhandled pair throws std::logic_error naming the state and the event.
const Transition& transition(DirState s, DirEvent e);
bool is_transient(DirState s);
bool is_request(DirEvent e);  // GetS, GetShd, GetX, Upgrade: what a busy line NAKs

const char* to_string(DirState s);
const char* to_string(DirEvent e);
const char* to_string(DirAction a);
// The table as the markdown rows docs/coherence.md shows (one row per state, event pair).
std::string transition_table_markdown();

inline constexpr uint16_t kNoCpu = 0xFFFF;

struct DirEntry {
    DirState state = DirState::U;
    uint16_t owner = kNoCpu;  // in E: the owning CPU
    uint16_t acks = 0;        // in S_ED / S_EU: InvAcks still expected
};

// A line's recent in-flight windows, remembered at its home (times in ticks, docs/coherence.md
// "Busy lines"): requests that reach the home inside [busy_from, busy_until) see busy_state and
// are NAKed; a forwarded request that reaches the owner inside [ready_from, ready_until) waits
// for the owner's own data to arrive first.
struct LineWindow {
    uint64_t line_plus1 = 0;  // 0: empty slot
    uint64_t busy_from = 0, busy_until = 0;
    uint64_t ready_from = 0, ready_until = 0;
    DirState busy_state = DirState::U;
};

// Storage for the directory of one home node: entries, sharer bit-vectors and the per-page
// per-node miss counters, allocated a 4 KiB page at a time on first use, reached through a
// two-level index (no hashing); and a direct-mapped table of LineWindows.
class Directory {
public:
    Directory(unsigned node, unsigned cpus, unsigned nodes, unsigned line_shift, unsigned window_entries);

    struct Ref {
        DirEntry* entry = nullptr;  // nullptr from find() for a page never touched: state U
        uint64_t* sharers = nullptr;
        uint32_t* page_misses = nullptr;  // one counter per requesting node
    };
    Ref get(uint64_t line);  // creates the page's record; pointers are valid until the next get()
    Ref find(uint64_t line) const;
    LineWindow& window_slot(uint64_t line) { return windows_[line & window_mask_]; }
    const LineWindow* window(uint64_t line) const {
        const LineWindow& w = windows_[line & window_mask_];
        return w.line_plus1 == line + 1 ? &w : nullptr;
    }

    unsigned node() const { return node_; }
    unsigned words() const { return words_; }
    unsigned lines_per_page() const { return lpp_; }
    size_t pages() const { return record_page_.size(); }
    uint64_t page_number(size_t r) const { return record_page_[r]; }  // global physical page
    Ref record(size_t r) const;  // the record's first line

private:
    unsigned node_, words_, nodes_, line_shift_, lpp_;
    uint64_t window_mask_;
    std::vector<std::unique_ptr<uint32_t[]>> chunks_;  // page index within the node -> record + 1
    std::vector<DirEntry> entries_;
    std::vector<uint64_t> sharers_;
    std::vector<uint32_t> misses_;
    std::vector<uint64_t> record_page_;
    std::vector<LineWindow> windows_;
};

}  // namespace flashsim::mem
