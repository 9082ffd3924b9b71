// Topology: a GraphViz .dot machine description read with Boost.Graph's read_graphviz, distances
// by Dijkstra over the link latencies (docs/topology.md).
//
// Boost's reader gives no source positions, so two helpers find lines for messages: a small DOT
// scanner (DotIndex) that records where each node is first mentioned, where each link is written
// and where each attribute is set; and, for syntax errors, a bisection over prefixes of the file
// for the shortest one that fails with the same error (the parser stops at the bad token).
#include "net/topology.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/make_shared.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <fmt/format.h>

#include "platform/input_error.h"

namespace flashsim::net {

namespace {

// ---------------------------------------------------------------------------------------------
// DotIndex: where things are in the file. Only used on text that Boost has accepted (or, for a
// digraph, to find the keyword), so it can be lenient; it never decides what the graph means.
// ---------------------------------------------------------------------------------------------

struct Tok {
    enum Kind { Id, Kw, Punct, End } kind;
    std::string text;  // identifiers: unquoted (as Boost normalizes them); keywords: lower case
    unsigned line;
};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The token rules of Boost's read_graphviz_new.cpp: IDs, numerals, quoted strings (joined by
// '+'), HTML strings, punctuation; // and /* */ comments, '#' lines, backslash-newlines.
std::vector<Tok> tokenize(const std::string& s) {
    std::vector<Tok> out;
    const size_t n = s.size();
    size_t i = 0;
    unsigned line = 1;
    auto count_lines = [&](size_t from, size_t to) {
        line += static_cast<unsigned>(std::count(s.begin() + from, s.begin() + to, '\n'));
    };
    auto skip = [&] {
        while (i < n) {
            const char c = s[i];
            if (c == '\n') {
                ++line, ++i;
            } else if (std::isspace(static_cast<unsigned char>(c))) {
                ++i;
            } else if (c == '/' && i + 1 < n && s[i + 1] == '/') {
                while (i < n && s[i] != '\n') ++i;
            } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
                size_t e = s.find("*/", i + 2);
                e = e == std::string::npos ? n : e + 2;
                count_lines(i, e);
                i = e;
            } else if (c == '#' && (i == 0 || s[i - 1] == '\n')) {
                while (i < n && s[i] != '\n') ++i;
            } else if (c == '\\' && i + 1 < n && s[i + 1] == '\n') {
                i += 2, ++line;
            } else {
                break;
            }
        }
    };
    auto quoted = [&]() -> std::string {  // at the opening quote
        std::string v;
        ++i;
        while (i < n && s[i] != '"') {
            if (s[i] == '\\' && i + 1 < n) {
                if (s[i + 1] == '"') v += '"';
                else if (s[i + 1] == '\n') ++line;
                else v += s.substr(i, 2);
                i += 2;
                continue;
            }
            if (s[i] == '\n') ++line;
            v += s[i++];
        }
        if (i < n) ++i;
        return v;
    };
    for (;;) {
        skip();
        if (i >= n) break;
        const unsigned at = line;
        const char c = s[i];
        const auto uc = static_cast<unsigned char>(c);
        if (std::isalpha(uc) || c == '_') {
            size_t j = i;
            while (j < n && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
            std::string w = s.substr(i, j - i);
            i = j;
            static const std::set<std::string> kws{"strict", "graph", "digraph", "node", "edge", "subgraph"};
            if (kws.count(lower(w))) out.push_back({Tok::Kw, lower(w), at});
            else out.push_back({Tok::Id, w, at});
        } else if (c == '-' && i + 1 < n && (s[i + 1] == '-' || s[i + 1] == '>')) {
            out.push_back({Tok::Punct, s.substr(i, 2), at});
            i += 2;
        } else if (c != '\0' && std::strchr("[]{};=,:+()@", c)) {
            out.push_back({Tok::Punct, std::string(1, c), at});
            ++i;
        } else if (std::isdigit(uc) || c == '.' || c == '-') {
            size_t j = i + (c == '-' ? 1 : 0);
            while (j < n && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
            out.push_back({Tok::Id, s.substr(i, j - i), at});
            i = std::max(j, i + 1);
        } else if (c == '"') {
            std::string v = quoted();
            for (;;) {  // "a" + "b"
                const size_t save_i = i;
                const unsigned save_line = line;
                skip();
                if (i < n && s[i] == '+') {
                    ++i;
                    skip();
                    if (i < n && s[i] == '"') {
                        v += quoted();
                        continue;
                    }
                }
                i = save_i, line = save_line;
                break;
            }
            out.push_back({Tok::Id, v, at});
        } else if (c == '<') {
            size_t j = i;
            int depth = 0;
            do {
                if (s[j] == '<') ++depth;
                else if (s[j] == '>') --depth;
                ++j;
            } while (j < n && depth > 0);
            count_lines(i, j);
            out.push_back({Tok::Id, s.substr(i, j - i), at});
            i = j;
        } else {
            out.push_back({Tok::Punct, std::string(1, c), at});
            ++i;
        }
    }
    out.push_back({Tok::End, "", line});
    return out;
}

struct DotIndex {
    enum class Owner { GraphRoot, GraphSub, NodeDefault, EdgeDefault, Node, Edge };
    struct Attr {
        Owner owner;
        std::string node;  // Owner::Node: whose
        std::string key, value;
        unsigned line;
    };
    struct Link {
        std::string a, b;
        unsigned line;
        std::vector<size_t> attrs;  // indices into `attrs`
    };
    std::vector<std::string> order;          // node names in order of first mention
    std::map<std::string, unsigned> first;   // name -> line of first mention
    std::vector<Attr> attrs;
    std::vector<Link> links;
    unsigned digraph_line = 0;
    bool empty = true;  // no tokens at all

    void mention(const std::string& name, unsigned line) {
        if (first.emplace(name, line).second) order.push_back(name);
    }

    unsigned node_line(const std::string& name) const {
        auto it = first.find(name);
        return it == first.end() ? 0 : it->second;
    }

    unsigned graph_attr_line(const std::string& key) const {
        unsigned line = 0;
        for (const Attr& a : attrs)
            if (a.owner == Owner::GraphRoot && a.key == key) line = a.line;
        return line;
    }

    // The line that gave node `name` its attribute `key`: its own statement, else a node [...]
    // default before it, else the graph attribute, else where the node first appears.
    unsigned node_attr_line(const std::string& name, const std::string& key) const {
        unsigned own = 0, def = 0;
        const unsigned at = node_line(name);
        for (const Attr& a : attrs) {
            if (a.key != key) continue;
            if (a.owner == Owner::Node && a.node == name) own = a.line;
            if (a.owner == Owner::NodeDefault && (at == 0 || a.line <= at)) def = a.line;
        }
        if (own) return own;
        if (def) return def;
        if (unsigned g = graph_attr_line(key)) return g;
        return at;
    }

    bool node_sets(const std::string& name, const std::string& key) const {
        for (const Attr& a : attrs)
            if (a.owner == Owner::Node && a.node == name && a.key == key) return true;
        return false;
    }

    // The k-th link written between a and b (either way round), or null.
    const Link* link(const std::string& a, const std::string& b, unsigned k) const {
        for (const Link& l : links)
            if ((l.a == a && l.b == b) || (l.a == b && l.b == a))
                if (k-- == 0) return &l;
        return nullptr;
    }

    unsigned link_line(const std::string& a, const std::string& b, unsigned k) const {
        const Link* l = link(a, b, k);
        if (!l) l = link(a, b, 0);
        return l ? l->line : 0;
    }

    unsigned link_attr_line(const std::string& a, const std::string& b, unsigned k, const std::string& key) const {
        const Link* l = link(a, b, k);
        if (!l) l = link(a, b, 0);
        if (!l) return graph_attr_line(key);
        for (size_t i : l->attrs)
            if (attrs[i].key == key) return attrs[i].line;
        unsigned def = 0;
        for (const Attr& at : attrs)
            if (at.owner == Owner::EdgeDefault && at.key == key && at.line <= l->line) def = at.line;
        if (def) return def;
        if (unsigned g = graph_attr_line(key)) return g;
        return l->line;
    }

    // First place an attribute `key` is written by one of the owners.
    unsigned attr_line(const std::string& key, std::initializer_list<Owner> owners) const {
        for (const Attr& a : attrs)
            if (a.key == key && std::find(owners.begin(), owners.end(), a.owner) != owners.end()) return a.line;
        return 0;
    }
};

// A lenient recursive descent over the DOT grammar (graphviz.org/doc/info/lang.html).
class DotWalker {
public:
    DotWalker(const std::vector<Tok>& toks, DotIndex& x) : t_(toks), x_(x) {}

    void graph() {
        x_.empty = t_.size() <= 1;
        if (kw(peek(), "strict")) ++p_;
        if (kw(peek(), "digraph")) x_.digraph_line = peek().line;
        if (kw(peek(), "graph") || kw(peek(), "digraph")) ++p_;
        if (peek().kind == Tok::Id) ++p_;
        if (is(peek(), "{")) {
            ++p_;
            stmts(0, nullptr);
        }
    }

private:
    struct Endpoint {
        std::vector<std::string> names;
        bool is_node;
        unsigned line;
    };
    using Owner = DotIndex::Owner;

    const std::vector<Tok>& t_;
    DotIndex& x_;
    size_t p_ = 0;
    std::map<std::string, std::vector<std::string>> subgraphs_;
    unsigned anon_ = 0;

    const Tok& peek(size_t k = 0) const { return t_[std::min(p_ + k, t_.size() - 1)]; }
    static bool is(const Tok& k, const char* punct) { return k.kind == Tok::Punct && k.text == punct; }
    static bool kw(const Tok& k, const char* word) { return k.kind == Tok::Kw && k.text == word; }

    void stmts(int depth, std::vector<std::string>* members) {
        while (peek().kind != Tok::End && !is(peek(), "}")) {
            const size_t before = p_;
            stmt(depth, members);
            if (is(peek(), ";")) ++p_;
            if (p_ == before) ++p_;  // never stall on something unexpected
        }
        if (is(peek(), "}")) ++p_;
    }

    void stmt(int depth, std::vector<std::string>* members) {
        const Tok& k = peek();
        if ((kw(k, "graph") || kw(k, "node") || kw(k, "edge")) && is(peek(1), "[")) {
            const Owner o = kw(k, "graph") ? (depth == 0 ? Owner::GraphRoot : Owner::GraphSub)
                            : kw(k, "node") ? Owner::NodeDefault
                                            : Owner::EdgeDefault;
            ++p_;
            attr_list(o, "");
            return;
        }
        if (k.kind == Tok::Id && is(peek(1), "=")) {  // ID = ID: a graph attribute
            const Tok key = k;
            p_ += 2;
            std::string value;
            if (peek().kind == Tok::Id) value = peek().text, ++p_;
            x_.attrs.push_back({depth == 0 ? Owner::GraphRoot : Owner::GraphSub, "", key.text, value, key.line});
            return;
        }
        std::optional<Endpoint> ep = endpoint(depth, members);
        if (!ep) return;
        if (is(peek(), "--") || is(peek(), "->")) {
            std::vector<Endpoint> chain{*ep};
            while (is(peek(), "--") || is(peek(), "->")) {
                ++p_;
                std::optional<Endpoint> next = endpoint(depth, members);
                if (!next) break;
                chain.push_back(*next);
            }
            const size_t first = x_.links.size();
            for (size_t i = 0; i + 1 < chain.size(); ++i)
                for (const std::string& a : chain[i].names)
                    for (const std::string& b : chain[i + 1].names) x_.links.push_back({a, b, chain[i].line, {}});
            if (is(peek(), "[")) {
                const std::vector<size_t> idx = attr_list(Owner::Edge, "");
                for (size_t i = first; i < x_.links.size(); ++i) x_.links[i].attrs = idx;
            }
        } else if (ep->is_node && is(peek(), "[")) {
            attr_list(Owner::Node, ep->names.front());
        }
    }

    std::optional<Endpoint> endpoint(int depth, std::vector<std::string>* members) {
        const Tok& k = peek();
        if (kw(k, "subgraph") || is(k, "{")) {
            const unsigned line = k.line;
            std::string name;
            if (kw(k, "subgraph")) {
                ++p_;
                if (peek().kind == Tok::Id) name = peek().text, ++p_;
            }
            if (name.empty()) name = fmt::format("\x01{}", ++anon_);
            if (is(peek(), "{")) {
                ++p_;
                std::vector<std::string> inner;
                stmts(depth + 1, &inner);
                auto& list = subgraphs_[name];
                list.insert(list.end(), inner.begin(), inner.end());
            }
            Endpoint e{subgraphs_[name], false, line};
            if (members) members->insert(members->end(), e.names.begin(), e.names.end());
            return e;
        }
        if (k.kind != Tok::Id) return std::nullopt;
        const Tok name = k;
        ++p_;
        x_.mention(name.text, name.line);
        if (members) members->push_back(name.text);
        while (is(peek(), ":") || is(peek(), "@")) {  // ports: a:p, a:p:ne, a:(x,y), a@angle
            ++p_;
            if (is(peek(), "(")) {
                while (peek().kind != Tok::End && !is(peek(), ")")) ++p_;
                if (is(peek(), ")")) ++p_;
            } else if (peek().kind == Tok::Id) {
                ++p_;
            }
        }
        return Endpoint{{name.text}, true, name.line};
    }

    std::vector<size_t> attr_list(Owner o, const std::string& node) {
        std::vector<size_t> idx;
        while (is(peek(), "[")) {
            ++p_;
            while (peek().kind != Tok::End && !is(peek(), "]")) {
                if (peek().kind != Tok::Id) {  // , ; or anything else
                    ++p_;
                    continue;
                }
                const Tok key = peek();
                ++p_;
                std::string value = "true";
                if (is(peek(), "=")) {
                    ++p_;
                    if (peek().kind == Tok::Id) value = peek().text, ++p_;
                }
                idx.push_back(x_.attrs.size());
                x_.attrs.push_back({o, node, key.text, value, key.line});
            }
            if (is(peek(), "]")) ++p_;
        }
        return idx;
    }
};

DotIndex index_dot(const std::string& text) {
    DotIndex x;
    const std::vector<Tok> toks = tokenize(text);
    DotWalker(toks, x).graph();
    return x;
}

// ---------------------------------------------------------------------------------------------
// The Boost graph: every attribute kept as text in a map on its vertex, edge or graph, through a
// dynamic_properties generator, so the builder sees exactly what the file said.
// ---------------------------------------------------------------------------------------------

using Attrs = std::map<std::string, std::string>;
using Weight = std::pair<double, unsigned>;  // (latency ns, routing half-hops): compared in that order

struct VertexData {
    std::string name;
    Attrs attrs;
    bool router = false;
};
struct EdgeData {
    Attrs attrs;
    Weight w{0, 0};
};
struct GraphData {
    Attrs attrs;
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VertexData, EdgeData, GraphData>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

// The vertex-name property read_graphviz fills: a name no file uses as an attribute.
const char* const kNameProp = "\x01name";

template <class Key>
struct AttrMap {
    using key_type = Key;
    using value_type = std::string;
    using reference = std::string;
    using category = boost::read_write_property_map_tag;
    Graph* g;
    std::string name;
    Attrs& attrs(const Key& k) const {
        if constexpr (std::is_same_v<Key, Vertex>) return (*g)[k].attrs;
        else if constexpr (std::is_same_v<Key, Edge>) return (*g)[k].attrs;
        else return (*g)[boost::graph_bundle].attrs;
    }
};
template <class Key>
void put(const AttrMap<Key>& m, const Key& k, const std::string& v) {
    m.attrs(k)[m.name] = v;
}
template <class Key>
std::string get(const AttrMap<Key>& m, const Key& k) {
    const Attrs& a = m.attrs(k);
    auto it = a.find(m.name);
    return it == a.end() ? std::string() : it->second;
}

boost::dynamic_properties make_properties(Graph& g) {
    boost::dynamic_properties dp([&g](const std::string& name, const boost::any& key,
                                      const boost::any&) -> boost::shared_ptr<boost::dynamic_property_map> {
        using boost::detail::dynamic_property_map_adaptor;
        if (key.type() == typeid(Vertex))
            return boost::make_shared<dynamic_property_map_adaptor<AttrMap<Vertex>>>(AttrMap<Vertex>{&g, name});
        if (key.type() == typeid(Edge))
            return boost::make_shared<dynamic_property_map_adaptor<AttrMap<Edge>>>(AttrMap<Edge>{&g, name});
        if (key.type() == typeid(Graph*))
            return boost::make_shared<dynamic_property_map_adaptor<AttrMap<Graph*>>>(AttrMap<Graph*>{&g, name});
        return {};
    });
    dp.property(kNameProp, boost::get(&VertexData::name, g));
    return dp;
}

// GraphViz's own drawing and layout attributes: accepted anywhere and ignored, so a machine file
// can also be drawn with `dot`. Anything else that flashsim does not know is an error (a typo
// like `cpu=2` must not pass silently).
const std::set<std::string>& drawing_attributes() {
    static const std::set<std::string> s{
        "Damping", "K", "URL", "area", "arrowhead", "arrowsize", "arrowtail", "bb", "beautify", "bgcolor",
        "center", "charset", "class", "clusterrank", "color", "colorscheme", "comment", "compound",
        "concentrate", "constraint", "decorate", "defaultdist", "dim", "dimen", "dir", "diredgeconstraints",
        "distortion", "dpi", "edgeURL", "edgehref", "edgetarget", "edgetooltip", "epsilon", "esep",
        "fillcolor", "fixedsize", "fontcolor", "fontname", "fontnames", "fontpath", "fontsize", "forcelabels",
        "gradientangle", "group", "headURL", "head_lp", "headclip", "headhref", "headlabel", "headport",
        "headtarget", "headtooltip", "height", "href", "image", "imagepos", "imagescale", "inputscale",
        "label", "labelURL", "label_scheme", "labelangle", "labeldistance", "labelfloat", "labelfontcolor",
        "labelfontname", "labelfontsize", "labelhref", "labeljust", "labelloc", "labeltarget",
        "labeltooltip", "landscape", "layer", "layerlistsep", "layers", "layerselect", "layersep", "layout",
        "len", "levels", "levelsgap", "lhead", "lheight", "lp", "ltail", "lwidth", "margin", "maxiter",
        "mclimit", "mindist", "minlen", "mode", "model", "mosek", "newrank", "nodesep", "nojustify",
        "normalize", "notranslate", "nslimit", "nslimit1", "ordering", "orientation", "outputorder",
        "overlap", "overlap_scaling", "overlap_shrink", "pack", "packmode", "pad", "page", "pagedir",
        "pencolor", "penwidth", "peripheries", "pin", "pos", "quadtree", "quantum", "rank", "rankdir",
        "ranksep", "ratio", "rects", "regular", "remincross", "repulsiveforce", "resolution", "root",
        "rotate", "rotation", "samehead", "sametail", "samplepoints", "scale", "searchsize", "sep",
        "shape", "shapefile", "showboxes", "sides", "size", "skew", "smoothing", "sortv", "splines",
        "start", "style", "stylesheet", "tailURL", "tail_lp", "tailclip", "tailhref", "taillabel",
        "tailport", "tailtarget", "tailtooltip", "target", "tooltip", "truecolor", "vertices", "viewport",
        "voro_margin", "weight", "width", "xdotversion", "xlabel", "xlp", "z"};
    return s;
}

const std::set<std::string> kNodeAttrs{"id", "cpus", "mem", "local_latency", "router"};
const std::set<std::string> kEdgeAttrs{"latency"};
const std::set<std::string> kGraphAttrs{"cpus", "mem", "local_latency", "latency", "slit"};

bool is_size_unit(const std::string& s) {
    static const std::set<std::string> units{"k", "m", "g", "kib", "mib", "gib", "kb", "mb", "gb"};
    return units.count(lower(s)) != 0;
}

std::optional<unsigned long long> parse_whole(const std::string& s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    unsigned long long v = 0;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    return v;
}

// A latency in ns: a positive finite number, optionally followed by "ns".
std::optional<double> parse_ns(std::string s) {
    if (s.size() > 2 && s.compare(s.size() - 2, 2, "ns") == 0) s.resize(s.size() - 2);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<bool> parse_bool(const std::string& s) {
    const std::string l = lower(s);
    if (l == "true" || l == "yes" || l == "1") return true;
    if (l == "false" || l == "no" || l == "0") return false;
    return std::nullopt;
}

std::string fmt_ns(double v) { return fmt::format("{:g}", v); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// TopologyBuilder: from the text to a checked Topology.
// ---------------------------------------------------------------------------------------------

class TopologyBuilder {
public:
    TopologyBuilder(const std::string& text, const std::string& source) : text_(text), src_(source) {}

    Topology build() {
        idx_ = index_dot(text_);
        if (idx_.empty) fail(0, "the file is empty (expected `graph NAME { ... }`)");
        read();
        check_attribute_names();
        graph_defaults();
        classify_vertices();
        Topology t;
        t.source_ = src_;
        t.slit_mode_ = slit_mode_;
        node_specs(t);
        link_weights();
        distances(t);
        t.number_cpus();
        return t;
    }

private:
    const std::string& text_;
    const std::string& src_;
    DotIndex idx_;
    Graph g_;
    std::vector<Vertex> nodes_;  // non-router vertices, in order of first mention
    std::vector<unsigned> node_id_;  // by vertex: node number
    std::optional<unsigned> def_cpus_;
    std::optional<uint64_t> def_mem_;
    std::optional<double> def_local_, def_latency_;
    SlitMode slit_mode_ = SlitMode::Latency;

    [[noreturn]] void fail(unsigned line, const std::string& what) const {
        if (line) throw InputError(fmt::format("{}:{}: {}", src_, line, what));
        throw InputError(fmt::format("{}: {}", src_, what));
    }

    const std::string& name(Vertex v) const { return g_[v].name; }
    std::string what(Vertex v) const { return fmt::format("{} {}", g_[v].router ? "router" : "node", name(v)); }

    // ---- reading, with Boost ----

    void read() {
        boost::dynamic_properties dp = make_properties(g_);
        try {
            boost::read_graphviz(text_, g_, dp, kNameProp);
        } catch (const boost::directed_graph_error&) {
            fail(idx_.digraph_line,
                 "a directed graph (digraph): links carry traffic both ways; write `graph NAME { a -- b }`");
        } catch (const boost::bad_graphviz_syntax& e) {
            syntax_error(e.what());
        } catch (const boost::graph_exception& e) {
            fail(0, fmt::format("cannot read the graph: {}", e.what()));
        }
    }

    static bool same_syntax_error(const std::string& text, const std::string& msg) {
        Graph g;
        boost::dynamic_properties dp(boost::ignore_other_properties);
        dp.property(kNameProp, boost::get(&VertexData::name, g));
        try {
            boost::read_graphviz(text, g, dp, kNameProp);
        } catch (const boost::bad_graphviz_syntax& e) {
            return msg == e.what();
        } catch (...) {
        }
        return false;
    }

    [[noreturn]] void syntax_error(const std::string& msg) const {
        // Boost's messages: "Wanted X (token is \"<type> 'value'\")" or "Invalid character (char is 'c')"
        // or "... (at end of input)".
        std::string base = msg, near;
        bool at_eof = false;
        if (size_t p = msg.find(" (token is \""); p != std::string::npos) {
            base = msg.substr(0, p);
            const std::string tok = msg.substr(p + 12);
            at_eof = tok.rfind("<eof>", 0) == 0;
            const size_t q1 = tok.find('\''), q2 = tok.rfind('\'');
            if (q1 != std::string::npos && q2 > q1) near = tok.substr(q1 + 1, q2 - q1 - 1);
        } else if (size_t p2 = msg.find(" (char is '"); p2 != std::string::npos) {
            base = msg.substr(0, p2);
            near = msg.substr(p2 + 11, msg.size() - p2 - 11 - 2);
        } else if (size_t p3 = msg.find(" (at end of input)"); p3 != std::string::npos) {
            base = msg.substr(0, p3);
            at_eof = true;
        }
        if (!base.empty()) base[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(base[0])));

        unsigned line = 0;
        if (at_eof) {  // the last line with something on it
            unsigned l = 1;
            for (char c : text_) {
                if (c == '\n') ++l;
                else if (!std::isspace(static_cast<unsigned char>(c))) line = l;
            }
            fail(line, fmt::format("syntax error: unexpected end of file ({})", base));
        }
        // The shortest prefix that fails the same way ends with the bad token.
        size_t lo = 0, hi = text_.size();
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (same_syntax_error(text_.substr(0, mid), msg)) hi = mid;
            else lo = mid + 1;
        }
        line = 1 + static_cast<unsigned>(std::count(text_.begin(), text_.begin() + (lo ? lo - 1 : 0), '\n'));
        if (near.empty()) fail(line, fmt::format("syntax error: {}", base));
        fail(line, fmt::format("syntax error near '{}': {}", near, base));
    }

    // ---- attributes ----

    void unknown(unsigned line, const char* owner, const std::string& key, const std::set<std::string>& known,
                 const Attrs& attrs) const {
        if (is_size_unit(key) && attrs.count("mem")) {
            const std::string v = attrs.at("mem");
            fail(line, fmt::format("mem={}{} must be quoted: write mem=\"{}{}\" (unquoted, DOT reads the number {} "
                                   "and a separate attribute '{}')",
                                   v, key, v, key, v, key));
        }
        std::string list;
        for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
        fail(line, fmt::format("unknown {} attribute '{}' (flashsim knows {}; GraphViz drawing attributes are "
                               "ignored)",
                               owner, key, list));
    }

    void check_attribute_names() const {
        using O = DotIndex::Owner;
        const auto& drawing = drawing_attributes();
        const Attrs& ga = g_[boost::graph_bundle].attrs;
        for (const auto& [k, v] : ga)
            if (!kGraphAttrs.count(k) && !drawing.count(k) && k != "id")
                unknown(idx_.attr_line(k, {O::GraphRoot}), "graph", k, kGraphAttrs, ga);
        for (const std::string& n : idx_.order) {
            for (Vertex v : boost::make_iterator_range(boost::vertices(g_))) {
                if (name(v) != n) continue;
                for (const auto& [k, val] : g_[v].attrs)
                    if (!kNodeAttrs.count(k) && !drawing.count(k)) {
                        unsigned line = idx_.node_attr_line(n, k);
                        unknown(line, "node", k, kNodeAttrs, g_[v].attrs);
                    }
            }
        }
        for (Edge e : boost::make_iterator_range(boost::edges(g_)))
            for (const auto& [k, val] : g_[e].attrs)
                if (!kEdgeAttrs.count(k) && !drawing.count(k) && k != "id") {
                    unsigned line = idx_.attr_line(k, {O::Edge, O::EdgeDefault});
                    unknown(line, "link", k, kEdgeAttrs, g_[e].attrs);
                }
    }

    unsigned cpus_value(const std::string& v, unsigned line, const std::string& who) const {
        auto n = parse_whole(v);
        if (!n || *n < 1 || *n > Topology::kMaxCpusPerNode)
            fail(line, fmt::format("{}: cpus '{}' must be a whole number from 1 to {}", who, v,
                                   Topology::kMaxCpusPerNode));
        return static_cast<unsigned>(*n);
    }

    uint64_t mem_value(const std::string& v, unsigned line, const std::string& who) const {
        auto n = Topology::parse_size(v);
        if (!n)
            fail(line, fmt::format("{}: mem '{}' is not a memory size (bytes, or a number with K, M or G in quotes: "
                                   "mem=\"256M\")",
                                   who, v));
        const std::string problem = Topology::check_mem(*n);
        if (!problem.empty()) fail(line, fmt::format("{}: mem '{}' {}", who, v, problem));
        return *n;
    }

    double ns_value(const std::string& v, unsigned line, const std::string& who, const char* attr) const {
        auto n = parse_ns(v);
        if (!n || *n <= 0)
            fail(line, fmt::format("{}: {} '{}' must be a positive number of nanoseconds", who, attr, v));
        return *n;
    }

    void graph_defaults() {
        const Attrs& ga = g_[boost::graph_bundle].attrs;
        auto line = [&](const char* k) { return idx_.graph_attr_line(k); };
        if (auto it = ga.find("cpus"); it != ga.end()) def_cpus_ = cpus_value(it->second, line("cpus"), "graph");
        if (auto it = ga.find("mem"); it != ga.end()) def_mem_ = mem_value(it->second, line("mem"), "graph");
        if (auto it = ga.find("local_latency"); it != ga.end())
            def_local_ = ns_value(it->second, line("local_latency"), "graph", "local_latency");
        if (auto it = ga.find("latency"); it != ga.end())
            def_latency_ = ns_value(it->second, line("latency"), "graph", "latency");
        if (auto it = ga.find("slit"); it != ga.end()) {
            if (it->second == "latency") slit_mode_ = SlitMode::Latency;
            else if (it->second == "hops") slit_mode_ = SlitMode::Hops;
            else fail(line("slit"), fmt::format("graph: slit '{}' must be 'latency' or 'hops'", it->second));
        }
    }

    void classify_vertices() {
        if (boost::num_vertices(g_) == 0) fail(0, "the graph has no nodes");
        for (const std::string& n : idx_.order)
            for (Vertex v : boost::make_iterator_range(boost::vertices(g_)))
                if (name(v) == n) {
                    const Attrs& a = g_[v].attrs;
                    if (auto it = a.find("router"); it != a.end()) {
                        auto b = parse_bool(it->second);
                        if (!b)
                            fail(idx_.node_attr_line(n, "router"),
                                 fmt::format("node {}: router '{}' must be true or false", n, it->second));
                        g_[v].router = *b;
                    }
                    if (g_[v].router) {
                        // Node attributes a router inherits from `node [...]` defaults are ignored;
                        // written on the router itself they are a mistake.
                        for (const char* k : {"id", "cpus", "mem", "local_latency"})
                            if (idx_.node_sets(n, k))
                                fail(idx_.node_attr_line(n, k),
                                     fmt::format("router {}: a router has no {} (only nodes have CPUs, memory, "
                                                 "ids and local latency)",
                                                 n, k));
                    } else {
                        nodes_.push_back(v);
                    }
                }
        // Vertices the scanner missed (it should not): keep them, after the others.
        for (Vertex v : boost::make_iterator_range(boost::vertices(g_)))
            if (!g_[v].router && std::find(nodes_.begin(), nodes_.end(), v) == nodes_.end()) nodes_.push_back(v);
        if (nodes_.empty()) fail(0, "the graph has no nodes, only routers");
        if (nodes_.size() > Topology::kMaxNodes)
            fail(0, fmt::format("{} nodes: a machine has at most {} (the node number is physical address bits "
                                "39:32)",
                                nodes_.size(), Topology::kMaxNodes));
    }

    // ---- nodes ----

    void node_specs(Topology& t) {
        const unsigned n = static_cast<unsigned>(nodes_.size());
        node_id_.assign(boost::num_vertices(g_), ~0u);

        // Numbering: `id` attributes; else names that are the numbers 0..N-1; else order of appearance.
        bool any_id = false, all_numeric = true;
        for (Vertex v : nodes_) {
            any_id |= g_[v].attrs.count("id") != 0;
            const std::string& nm = name(v);
            all_numeric &= parse_whole(nm).has_value() && (nm == "0" || nm[0] != '0');
        }
        std::map<unsigned, Vertex> taken;
        for (unsigned i = 0; i < n; ++i) {
            const Vertex v = nodes_[i];
            const std::string& nm = name(v);
            unsigned id = i;
            unsigned line = idx_.node_line(nm);
            if (any_id) {
                auto it = g_[v].attrs.find("id");
                if (it == g_[v].attrs.end())
                    fail(line, fmt::format("node {} has no id, but other nodes have one (give every node an id, "
                                           "or none)",
                                           nm));
                line = idx_.node_attr_line(nm, "id");
                auto num = parse_whole(it->second);
                if (!num || *num >= Topology::kMaxNodes)
                    fail(line, fmt::format("node {}: id '{}' must be a whole number from 0 to {}", nm, it->second,
                                           Topology::kMaxNodes - 1));
                id = static_cast<unsigned>(*num);
                if (auto prev = taken.find(id); prev != taken.end())
                    fail(line, fmt::format("duplicate node id {}: node {} has it too (line {})", id,
                                           name(prev->second), idx_.node_attr_line(name(prev->second), "id")));
                if (id >= n)
                    fail(line, fmt::format("node {}: id {} but the machine has {} node{} (ids must be 0..{})", nm, id,
                                           n, n == 1 ? "" : "s", n - 1));
            } else if (all_numeric) {
                id = static_cast<unsigned>(*parse_whole(nm));
                if (id >= n)
                    fail(line, fmt::format("node {}: named as node number {} but the machine has {} node{} (name "
                                           "them 0..{}, or give each an id)",
                                           nm, id, n, n == 1 ? "" : "s", n - 1));
            }
            taken[id] = v;
            node_id_[v] = id;
        }

        t.nodes_.resize(n);
        for (Vertex v : nodes_) {
            const std::string& nm = name(v);
            const Attrs& a = g_[v].attrs;
            NodeSpec& s = t.nodes_[node_id_[v]];
            s.id = node_id_[v];
            s.name = nm;
            const std::string who = fmt::format("node {}", nm);
            if (auto it = a.find("cpus"); it != a.end()) s.cpus = cpus_value(it->second, idx_.node_attr_line(nm, "cpus"), who);
            else if (def_cpus_) s.cpus = *def_cpus_;
            else
                fail(idx_.node_line(nm), fmt::format("node {} has no cpus (set cpus=N on it, in node [...], or as "
                                                     "graph [cpus=N])",
                                                     nm));
            if (auto it = a.find("mem"); it != a.end()) s.mem = mem_value(it->second, idx_.node_attr_line(nm, "mem"), who);
            else if (def_mem_) s.mem = *def_mem_;
            else
                fail(idx_.node_line(nm), fmt::format("node {} has no mem (set mem=\"256M\" on it, in node [...], or "
                                                     "as graph [mem=\"256M\"])",
                                                     nm));
            if (auto it = a.find("local_latency"); it != a.end())
                s.local_latency_ns = ns_value(it->second, idx_.node_attr_line(nm, "local_latency"), who, "local_latency");
            else s.local_latency_ns = def_local_.value_or(Topology::kDefaultLocalLatencyNs);
        }
    }

    // ---- links ----

    void link_weights() {
        std::map<std::pair<Vertex, Vertex>, unsigned> seen;  // written links per pair so far
        for (Edge e : boost::make_iterator_range(boost::edges(g_))) {
            Vertex u = boost::source(e, g_), v = boost::target(e, g_);
            const std::string &a = name(u), &b = name(v);
            const auto key = std::minmax(u, v);
            const unsigned k = seen[key]++;
            const unsigned line = idx_.link_line(a, b, k);
            if (u == v) fail(line, fmt::format("link {} -- {} connects {} to itself", a, b, what(u)));
            if (k > 0)
                fail(line, fmt::format("a second link between {} and {} (the first is at line {})", a, b,
                                       idx_.link_line(a, b, 0)));
            const std::string who = fmt::format("link {} -- {}", a, b);
            double lat = 0;
            if (auto it = g_[e].attrs.find("latency"); it != g_[e].attrs.end())
                lat = ns_value(it->second, idx_.link_attr_line(a, b, k, "latency"), who, "latency");
            else if (def_latency_) lat = *def_latency_;
            else
                fail(line, fmt::format("{} has no latency (set latency=NS on it, in edge [...], or as graph "
                                       "[latency=NS])",
                                       who));
            // Routing hops, in halves: a router on the path is entered and left by two links, each
            // counting half; a direct node-to-node link is one hop.
            const unsigned half = (g_[u].router ? 1u : 0u) + (g_[v].router ? 1u : 0u) +
                                  (!g_[u].router && !g_[v].router ? 2u : 0u);
            g_[e].w = Weight{lat, half};
        }
    }

    void distances(Topology& t) {
        const unsigned n = static_cast<unsigned>(nodes_.size());
        t.path_ns_.assign(n, std::vector<double>(n, 0));
        t.hops_.assign(n, std::vector<unsigned>(n, 0));
        const Weight inf{std::numeric_limits<double>::infinity(), std::numeric_limits<unsigned>::max()};
        std::vector<Weight> dist(boost::num_vertices(g_));
        for (Vertex s : nodes_) {
            boost::dijkstra_shortest_paths(
                g_, s,
                boost::weight_map(boost::get(&EdgeData::w, g_))
                    .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g_)))
                    .distance_compare(std::less<Weight>())
                    .distance_combine([](const Weight& a, const Weight& b) {
                        return Weight{a.first + b.first, a.second + b.second};
                    })
                    .distance_inf(inf)
                    .distance_zero(Weight{0.0, 0u}));
            if (s == nodes_.front()) {  // connected? name the first vertex that cannot be reached
                for (const std::string& nm : idx_.order)
                    for (Vertex v : boost::make_iterator_range(boost::vertices(g_)))
                        if (name(v) == nm && dist[v].first == inf.first)
                            fail(idx_.node_line(nm),
                                 fmt::format("{} cannot be reached from {}: the graph is not connected", what(v),
                                             what(s)));
                for (Vertex v : boost::make_iterator_range(boost::vertices(g_)))
                    if (dist[v].first == inf.first)
                        fail(0, fmt::format("{} cannot be reached from {}: the graph is not connected", what(v),
                                            what(s)));
            }
            for (Vertex d : nodes_) {
                t.path_ns_[node_id_[s]][node_id_[d]] = dist[d].first;
                t.hops_[node_id_[s]][node_id_[d]] = dist[d].second / 2;
            }
        }
    }
};

// ---------------------------------------------------------------------------------------------
// Topology
// ---------------------------------------------------------------------------------------------

Topology Topology::load(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw InputError(fmt::format("{}: cannot open file", path));
    std::ostringstream ss;
    ss << f.rdbuf();
    if (f.bad()) throw InputError(fmt::format("{}: cannot read file", path));
    return parse(ss.str(), path);
}

Topology Topology::parse(const std::string& text, const std::string& source) {
    return TopologyBuilder(text, source).build();
}

Topology Topology::single_node(unsigned cpus, uint64_t mem, double local_latency_ns) {
    if (cpus < 1 || cpus > kMaxCpusPerNode)
        throw InputError(fmt::format("{} CPUs on a node: must be 1..{}", cpus, kMaxCpusPerNode));
    if (std::string p = check_mem(mem); !p.empty()) throw InputError(fmt::format("node memory {} bytes: {}", mem, p));
    if (!(local_latency_ns > 0) || !std::isfinite(local_latency_ns))
        throw InputError(fmt::format("local latency {} ns: must be positive", local_latency_ns));
    Topology t;
    t.source_ = "(single node)";
    t.nodes_.push_back(NodeSpec{0, cpus, mem, local_latency_ns, 0, "0"});
    t.path_ns_ = {{0.0}};
    t.hops_ = {{0u}};
    t.number_cpus();
    return t;
}

void Topology::number_cpus() {
    unsigned next = 0;
    for (NodeSpec& n : nodes_) n.first_cpu = next, next += n.cpus;
}

unsigned Topology::total_cpus() const {
    unsigned sum = 0;
    for (const NodeSpec& n : nodes_) sum += n.cpus;
    return sum;
}

unsigned Topology::node_of_cpu(unsigned cpu) const {
    for (const NodeSpec& n : nodes_)
        if (cpu >= n.first_cpu && cpu < n.first_cpu + n.cpus) return n.id;
    throw std::out_of_range(fmt::format("CPU {}: the machine has {} CPUs", cpu, total_cpus()));
}

double Topology::latency_ns(unsigned from, unsigned to) const {
    const double local = nodes_.at(to).local_latency_ns;
    return from == to ? local : local + path_scale_ * path_ns_.at(from).at(to);
}

double Topology::nearest_remote_latency_ns() const {
    double best = 0;
    for (unsigned i = 0; i < nodes(); ++i)
        for (unsigned j = 0; j < nodes(); ++j)
            if (i != j && (best == 0 || latency_ns(i, j) < best)) best = latency_ns(i, j);
    return best;
}

unsigned Topology::hops(unsigned from, unsigned to) const { return hops_.at(from).at(to); }

unsigned Topology::slit(unsigned from, unsigned to) const {
    if (from == to) {
        (void)nodes_.at(from);
        return kSlitLocal;
    }
    long v;
    if (slit_mode_ == SlitMode::Hops) v = static_cast<long>(kSlitLocal + hops(from, to));
    else v = std::lround(kSlitLocal * latency_ns(from, to) / latency_ns(from, from));
    // ACPI: off-diagonal entries are above 10; 255 means unreachable.
    return static_cast<unsigned>(std::clamp<long>(v, kSlitLocal + 1, kSlitMax));
}

std::vector<std::vector<unsigned>> Topology::slit_matrix() const {
    std::vector<std::vector<unsigned>> m(nodes(), std::vector<unsigned>(nodes()));
    for (unsigned i = 0; i < nodes(); ++i)
        for (unsigned j = 0; j < nodes(); ++j) m[i][j] = slit(i, j);
    return m;
}

void Topology::override_cpus_per_node(unsigned cpus) {
    if (cpus < 1 || cpus > kMaxCpusPerNode)
        throw InputError(fmt::format("--cpus-per-node {}: must be 1..{}", cpus, kMaxCpusPerNode));
    for (NodeSpec& n : nodes_) n.cpus = cpus;
    number_cpus();
}

void Topology::override_mem_per_node(uint64_t bytes) {
    if (std::string p = check_mem(bytes); !p.empty())
        throw InputError(fmt::format("--ram-per-node {}: {}", bytes, p));
    for (NodeSpec& n : nodes_) n.mem = bytes;
}

void Topology::set_local_latency(double ns) {
    if (!std::isfinite(ns) || ns <= 0)
        throw InputError(fmt::format("--local-latency {}: must be a positive number of ns", fmt_ns(ns)));
    for (NodeSpec& n : nodes_) n.local_latency_ns = ns;
}

void Topology::set_remote_latency(double ns) {
    if (!std::isfinite(ns) || ns <= 0)
        throw InputError(fmt::format("--remote-latency {}: must be a positive number of ns", fmt_ns(ns)));
    if (nodes() < 2) return;  // nothing remote on a one-node machine
    // latency(i,j) = local(j) + s * path(i,j) grows with s; the nearest pair reaches `ns` at the
    // largest of the per-pair solutions (x - local(j)) / path(i,j).
    double s = -std::numeric_limits<double>::infinity();
    double local_max = 0;
    for (unsigned i = 0; i < nodes(); ++i)
        for (unsigned j = 0; j < nodes(); ++j)
            if (i != j) {
                s = std::max(s, (ns - nodes_[j].local_latency_ns) / path_ns_[i][j]);
                local_max = std::max(local_max, nodes_[j].local_latency_ns);
            }
    if (!(s > 0))
        throw InputError(fmt::format("--remote-latency {}: must be more than the local latency ({} ns)", fmt_ns(ns),
                                     fmt_ns(local_max)));
    path_scale_ = s;
}

void Topology::scale_distances(double factor) {
    if (!std::isfinite(factor) || factor <= 0)
        throw InputError(fmt::format("--distance-scale {}: must be a positive number", fmt_ns(factor)));
    path_scale_ *= factor;
}

void Topology::apply(const Overrides& o) {
    if (o.cpus_per_node) override_cpus_per_node(*o.cpus_per_node);
    if (o.mem_per_node) override_mem_per_node(*o.mem_per_node);
    if (o.local_latency_ns) set_local_latency(*o.local_latency_ns);
    if (o.remote_latency_ns) set_remote_latency(*o.remote_latency_ns);
    if (o.distance_scale) scale_distances(*o.distance_scale);
}

std::string Topology::numactl_hardware() const {
    // numactl's hardware(): printf("available: %d nodes (...)"), per node "node %d cpus:" + " %d",
    // "node %d size: %llu MB", "node %d free: %llu MB"; print_distances(): "node " + "% 3d " per
    // column, rows "% 3d: " + "% 3d ". Trailing blanks are dropped.
    auto col = [](unsigned v) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "% 3d", static_cast<int>(v));
        return std::string(buf);
    };
    auto rstrip = [](std::string s) {
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s + "\n";
    };
    std::string out = fmt::format("available: {} nodes ({})\n", nodes(),
                                  nodes() == 1 ? std::string("0") : fmt::format("0-{}", nodes() - 1));
    for (const NodeSpec& n : nodes_) {
        out += fmt::format("node {} cpus:", n.id);
        for (unsigned c = 0; c < n.cpus; ++c) out += fmt::format(" {}", n.first_cpu + c);
        out += "\n";
        out += fmt::format("node {} size: {} MB\n", n.id, n.mem >> 20);
        out += fmt::format("node {} free: {} MB\n", n.id, n.mem >> 20);
    }
    out += "node distances:\n";
    std::string head = "node ";
    for (unsigned j = 0; j < nodes(); ++j) head += col(j) + " ";
    out += rstrip(head);
    for (unsigned i = 0; i < nodes(); ++i) {
        std::string row = col(i) + ": ";
        for (unsigned j = 0; j < nodes(); ++j) row += col(slit(i, j)) + " ";
        out += rstrip(row);
    }
    return out;
}

std::optional<uint64_t> Topology::parse_size(std::string_view text) {
    std::string s(text);
    size_t pos = 0;
    unsigned long long v = 0;
    if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return std::nullopt;
    try {
        v = std::stoull(s, &pos, 0);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    const std::string suf = s.substr(pos);
    uint64_t mul = 1;
    if (suf == "K" || suf == "KiB" || suf == "k") mul = 1ull << 10;
    else if (suf == "M" || suf == "MiB" || suf == "m") mul = 1ull << 20;
    else if (suf == "G" || suf == "GiB" || suf == "g") mul = 1ull << 30;
    else if (!suf.empty()) return std::nullopt;
    if (v > (~0ull) / mul) return std::nullopt;
    return v * mul;
}

std::string Topology::check_mem(uint64_t bytes) {
    if (bytes < kMinMem) return "is less than 1 MiB";
    if (bytes % 4096) return "is not a multiple of 4 KiB";
    if (bytes > kMaxMem) return "is more than 4080 MiB (a node's memory is addressed by 32-bit offsets around "
                                "its 16 MiB I/O window)";
    return {};
}

}  // namespace flashsim::net
