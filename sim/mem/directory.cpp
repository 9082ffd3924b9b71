#include "mem/directory.h"

#include <stdexcept>

#include <fmt/format.h>

namespace flashsim::mem {

namespace {

using St = DirState;
using Ev = DirEvent;
using Ac = DirAction;

struct Row {
    St state;
    Ev event;
    St next;
    std::initializer_list<Ac> actions;
};

// THE transition table. A pair with no row cannot happen in a correct protocol run and throws.
// Writebacks and hints are never NAKed (FLASH accepts them in any state), so busy states have
// rows for requests and for the responses they wait for only.
const Row kRows[] = {
    {St::U, Ev::GetS, St::E, {Ac::countMiss, Ac::readMemory, Ac::setOwner, Ac::sendDataExclusive}},
    {St::U, Ev::GetShd, St::S, {Ac::countMiss, Ac::readMemory, Ac::addSharer, Ac::sendDataShared}},
    {St::U, Ev::GetX, St::E, {Ac::countMiss, Ac::readMemory, Ac::setOwner, Ac::sendDataExclusive}},

    {St::S, Ev::GetS, St::S, {Ac::countMiss, Ac::readMemory, Ac::addSharer, Ac::sendDataShared}},
    {St::S, Ev::GetShd, St::S, {Ac::countMiss, Ac::readMemory, Ac::addSharer, Ac::sendDataShared}},
    {St::S, Ev::GetX, St::S_ED, {Ac::countMiss, Ac::readMemory, Ac::beginPending, Ac::sendInvalidations, Ac::checkAcks}},
    {St::S, Ev::Upgrade, St::S_EU, {Ac::countMiss, Ac::beginPending, Ac::sendInvalidations, Ac::checkAcks}},
    {St::S, Ev::PutS, St::S, {Ac::removeSharer}},
    {St::S, Ev::PutS_Last, St::U, {Ac::removeSharer}},

    {St::E, Ev::GetS, St::E_S, {Ac::countMiss, Ac::beginPending, Ac::forwardGetS}},
    {St::E, Ev::GetShd, St::E_S, {Ac::countMiss, Ac::beginPending, Ac::forwardGetS}},
    {St::E, Ev::GetX, St::E_E, {Ac::countMiss, Ac::beginPending, Ac::forwardGetX}},
    {St::E, Ev::PutE, St::U, {Ac::clearOwner}},
    {St::E, Ev::PutX, St::U, {Ac::writeMemory, Ac::clearOwner}},

    {St::E_S, Ev::GetS, St::E_S, {Ac::sendNak}},
    {St::E_S, Ev::GetShd, St::E_S, {Ac::sendNak}},
    {St::E_S, Ev::GetX, St::E_S, {Ac::sendNak}},
    {St::E_S, Ev::Upgrade, St::E_S, {Ac::sendNak}},
    {St::E_S, Ev::SharingWb, St::S, {Ac::writeMemory, Ac::ownerToSharer, Ac::addSharer, Ac::endPending}},
    {St::E_S, Ev::SharingAck, St::S, {Ac::ownerToSharer, Ac::addSharer, Ac::endPending}},

    {St::E_E, Ev::GetS, St::E_E, {Ac::sendNak}},
    {St::E_E, Ev::GetShd, St::E_E, {Ac::sendNak}},
    {St::E_E, Ev::GetX, St::E_E, {Ac::sendNak}},
    {St::E_E, Ev::OwnershipXfer, St::E, {Ac::setOwner, Ac::endPending}},

    {St::S_ED, Ev::GetS, St::S_ED, {Ac::sendNak}},
    {St::S_ED, Ev::GetShd, St::S_ED, {Ac::sendNak}},
    {St::S_ED, Ev::GetX, St::S_ED, {Ac::sendNak}},
    {St::S_ED, Ev::InvAck, St::S_ED, {Ac::decrementAcks, Ac::checkAcks}},
    {St::S_ED, Ev::AcksDone, St::E, {Ac::clearSharers, Ac::setOwner, Ac::sendDataExclusive, Ac::endPending}},

    {St::S_EU, Ev::GetS, St::S_EU, {Ac::sendNak}},
    {St::S_EU, Ev::GetShd, St::S_EU, {Ac::sendNak}},
    {St::S_EU, Ev::GetX, St::S_EU, {Ac::sendNak}},
    {St::S_EU, Ev::InvAck, St::S_EU, {Ac::decrementAcks, Ac::checkAcks}},
    {St::S_EU, Ev::AcksDone, St::E, {Ac::clearSharers, Ac::setOwner, Ac::sendUpgradeAck, Ac::endPending}},
};

struct Table {
    std::array<std::array<Transition, kDirEvents>, kDirStates> t{};
    std::array<std::array<bool, kDirEvents>, kDirStates> has{};
    Table() {
        for (const Row& r : kRows) {
            const auto s = static_cast<unsigned>(r.state), e = static_cast<unsigned>(r.event);
            if (has[s][e] || r.actions.size() > kMaxActions)
                throw std::logic_error(fmt::format("directory table: bad row {} {}", to_string(r.state),
                                                   to_string(r.event)));
            has[s][e] = true;
            Transition& tr = t[s][e];
            tr.next = r.next;
            tr.n_actions = static_cast<uint8_t>(r.actions.size());
            unsigned i = 0;
            for (Ac a : r.actions) tr.actions[i++] = a;
        }
    }
};

const Table& table() {
    static const Table t;
    return t;
}

}  // namespace

const Transition* find_transition(DirState s, DirEvent e) {
    const auto si = static_cast<unsigned>(s), ei = static_cast<unsigned>(e);
    if (si >= kDirStates || ei >= kDirEvents || !table().has[si][ei]) return nullptr;
    return &table().t[si][ei];
}

const Transition& transition(DirState s, DirEvent e) {
    if (const Transition* t = find_transition(s, e)) return *t;
    throw std::logic_error(
        fmt::format("directory: no transition for state {} on event {}", to_string(s), to_string(e)));
}

bool is_transient(DirState s) { return s != DirState::U && s != DirState::S && s != DirState::E; }

bool is_request(DirEvent e) {
    return e == DirEvent::GetS || e == DirEvent::GetShd || e == DirEvent::GetX || e == DirEvent::Upgrade;
}

const char* to_string(DirState s) {
    static const char* const n[] = {"U", "S", "E", "E_S", "E_E", "S_ED", "S_EU"};
    const auto i = static_cast<unsigned>(s);
    return i < kDirStates ? n[i] : "?";
}

const char* to_string(DirEvent e) {
    static const char* const n[] = {"GetS",   "GetShd", "GetX",     "Upgrade",   "PutS",       "PutS_Last",    "PutE",
                                    "PutX",   "InvAck", "AcksDone", "SharingWb", "SharingAck", "OwnershipXfer"};
    const auto i = static_cast<unsigned>(e);
    return i < kDirEvents ? n[i] : "?";
}

const char* to_string(DirAction a) {
    static const char* const n[] = {"countMiss",      "readMemory",    "writeMemory",   "sendDataShared",
                                    "sendDataExclusive", "sendUpgradeAck", "sendNak",     "sendInvalidations",
                                    "forwardGetS",    "forwardGetX",   "addSharer",     "removeSharer",
                                    "clearSharers",   "setOwner",      "ownerToSharer", "clearOwner",
                                    "decrementAcks",  "checkAcks",     "beginPending",  "endPending"};
    static_assert(sizeof(n) / sizeof(n[0]) == static_cast<unsigned>(DirAction::Count));
    const auto i = static_cast<unsigned>(a);
    return i < static_cast<unsigned>(DirAction::Count) ? n[i] : "?";
}

std::string transition_table_markdown() {
    std::string out = "| state | event | next | actions |\n|---|---|---|---|\n";
    for (const Row& r : kRows) {
        std::string acts;
        for (Ac a : r.actions) acts += (acts.empty() ? "" : ", ") + std::string(to_string(a));
        out += fmt::format("| {} | {} | {} | {} |\n", to_string(r.state), to_string(r.event), to_string(r.next), acts);
    }
    return out;
}

// ---- storage ----

namespace {
constexpr unsigned kChunkBits = 10;  // 2^20 pages of 4 KiB per node = the 32-bit node offset
constexpr uint32_t kChunkPages = 1u << kChunkBits;
}  // namespace

Directory::Directory(unsigned node, unsigned cpus, unsigned nodes, unsigned line_shift, unsigned window_entries)
    : node_(node), words_((cpus + 63) / 64), nodes_(nodes), line_shift_(line_shift),
      lpp_(1u << (12 - line_shift)), window_mask_(window_entries - 1), chunks_(1u << (20 - kChunkBits)),
      windows_(window_entries) {}

Directory::Ref Directory::record(size_t r) const {
    auto* self = const_cast<Directory*>(this);
    return {&self->entries_[r * lpp_], &self->sharers_[r * lpp_ * words_], &self->misses_[r * nodes_]};
}

Directory::Ref Directory::get(uint64_t line) {
    const uint64_t page = ((line << line_shift_) & 0xFFFFFFFFull) >> 12;
    auto& chunk = chunks_[page >> kChunkBits];
    if (!chunk) {
        chunk.reset(new uint32_t[kChunkPages]);
        std::fill(chunk.get(), chunk.get() + kChunkPages, 0u);
    }
    uint32_t& slot = chunk[page & (kChunkPages - 1)];
    if (!slot) {
        record_page_.push_back((line << line_shift_) >> 12);
        entries_.resize(entries_.size() + lpp_);
        sharers_.resize(sharers_.size() + size_t{lpp_} * words_);
        misses_.resize(misses_.size() + nodes_);
        slot = static_cast<uint32_t>(record_page_.size());
    }
    const size_t r = slot - 1, i = line & (lpp_ - 1);
    return {&entries_[r * lpp_ + i], &sharers_[(r * lpp_ + i) * words_], &misses_[r * nodes_]};
}

Directory::Ref Directory::find(uint64_t line) const {
    const uint64_t page = ((line << line_shift_) & 0xFFFFFFFFull) >> 12;
    const auto& chunk = chunks_[page >> kChunkBits];
    if (!chunk || !chunk[page & (kChunkPages - 1)]) return {};
    return const_cast<Directory*>(this)->get(line);
}

}  // namespace flashsim::mem
