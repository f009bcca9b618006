#include "sigtran/vty_node.h"

#include <array>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

namespace cmr::sigtran {
namespace {

using command_fn = int (*)(cmd_element*, struct vty*, int, const char*[]);

// One command as libosmovty sees it (the C struct) and as the layer wrote it.
struct installed_command {
  std::string syntax;
  std::string doc;
  std::function<config::outcome(config::args)> run;                    // config commands
  std::function<result<std::string, std::string>(config::args)> show;  // show commands
  cmd_element element{};  // value-initialised: all zero
};

struct installed_node {
  explicit installed_node(const config::node& d) : desc(d) {}
  config::node desc;
  std::string prompt;
  cmd_node node{};
  installed_command enter;
  std::deque<installed_command> commands;
};

// Stable storage (deques never move their elements): libosmovty keeps the
// pointers. Osmo thread only, like all of libosmovty.
std::deque<installed_node>& nodes() {
  static std::deque<installed_node> all;
  return all;
}
std::deque<installed_command>& shows() {
  static std::deque<installed_command> all;
  return all;
}
// The command behind a cmd_element, and for enter commands the node.
std::map<const cmd_element*, installed_command*>& by_element() {
  static std::map<const cmd_element*, installed_command*> m;
  return m;
}
std::map<const cmd_element*, installed_node*>& enter_targets() {
  static std::map<const cmd_element*, installed_node*> m;
  return m;
}

constexpr int k_first_node = _LAST_OSMOVTY_NODE + 1;

std::string g_file_reject;  // osmo thread only

// The arguments as the handlers take them. libosmovty spells a "(a|b)"
// choice out even when a telnet user abbreviated it (the file reader wants
// whole words): handlers compare whole keywords.
std::vector<std::string_view> arguments(int argc, const char* argv[]) {
  return {argv, argv + argc};
}

void prepare(installed_command& c, std::string syntax, std::string doc, command_fn fn) {
  c.syntax = std::move(syntax);
  c.doc = std::move(doc);
  c.element.string = c.syntax.c_str();
  c.element.doc = c.doc.c_str();
  c.element.func = fn;
  by_element()[&c.element] = &c;
}

int run_config_command(cmd_element* self, struct vty* vty, int argc, const char* argv[]) {
  const auto it = by_element().find(self);
  if (it == by_element().end() || !it->second->run) return CMD_WARNING;
  const auto a = arguments(argc, argv);
  try {  // nothing may propagate into libosmovty
    if (auto r = it->second->run(a); !r) return vty_reject(vty, "%s", r.error().c_str());
  } catch (const std::exception& e) {
    return vty_reject(vty, "%s", e.what());
  }
  return CMD_SUCCESS;
}

int run_show_command(cmd_element* self, struct vty* vty, int argc, const char* argv[]) {
  const auto it = by_element().find(self);
  if (it == by_element().end() || !it->second->show) return CMD_WARNING;
  const auto a = arguments(argc, argv);
  result<std::string, std::string> text = unexpected{std::string("no answer")};
  try {
    text = it->second->show(a);
  } catch (const std::exception& e) {
    text = unexpected{std::string(e.what())};
  }
  if (!text) {
    vty_out(vty, "%% %s%s", text.error().c_str(), VTY_NEWLINE);
    return CMD_WARNING;
  }
  // The text uses '\n'; the VTY wants its own newline.
  std::istringstream lines(*text);
  for (std::string line; std::getline(lines, line);)
    vty_out(vty, "%s%s", line.c_str(), VTY_NEWLINE);
  return CMD_SUCCESS;
}

int enter_node(cmd_element* self, struct vty* vty, int /*argc*/, const char* /*argv*/[]) {
  const auto it = enter_targets().find(self);
  if (it == enter_targets().end()) return CMD_WARNING;
  vty->node = it->second->node.node;
  vty->index = nullptr;
  try {
    if (it->second->desc.on_enter) it->second->desc.on_enter();
  } catch (const std::exception& e) {
    return vty_reject(vty, "%s", e.what());
  }
  return CMD_SUCCESS;
}

class vty_writer final : public config::writer {
public:
  explicit vty_writer(struct vty* vty) : vty_(vty) {}

protected:
  void emit(std::string_view text) override {
    struct vty* vty = vty_;  // VTY_NEWLINE looks at `vty`
    vty_out(vty, "%.*s%s", static_cast<int>(text.size()), text.data(), VTY_NEWLINE);
  }

private:
  struct vty* vty_;
};

int write_installed(std::size_t index, struct vty* vty) {
  if (index >= nodes().size()) return CMD_SUCCESS;
  const installed_node& n = nodes()[index];
  if (!n.desc.write) return CMD_SUCCESS;
  vty_writer w(vty);
  try {
    n.desc.write(w);
  } catch (const std::exception& e) {
    vty_out(vty, "%% %s: %s%s", n.desc.name.c_str(), e.what(), VTY_NEWLINE);
  }
  return CMD_SUCCESS;
}

// libosmovty calls a node's write function without saying which node it
// writes: one function per node slot.
constexpr std::size_t k_max_nodes = 16;
template <std::size_t I>
int write_nth(struct vty* vty) {
  return write_installed(I, vty);
}
template <std::size_t... I>
constexpr std::array<int (*)(struct vty*), sizeof...(I)> make_writers(std::index_sequence<I...>) {
  return {&write_nth<I>...};
}
constexpr auto k_writers = make_writers(std::make_index_sequence<k_max_nodes>{});

}  // namespace

result<void, std::string> install_config_node(const config::node& desc) {
  if (nodes().size() >= k_max_nodes)
    return unexpected{"VTY node " + desc.name + ": more than " + std::to_string(k_max_nodes) +
                      " nodes"};
  for (const auto& n : nodes())
    if (n.desc.name == desc.name) return unexpected{"VTY node " + desc.name + " installed twice"};
  const std::size_t index = nodes().size();
  installed_node& n = nodes().emplace_back(desc);
  n.prompt = "%s(config-" + desc.prompt + ")# ";
  n.node.node = k_first_node + static_cast<int>(index);
  n.node.prompt = n.prompt.c_str();
  n.node.vtysh = 1;
  // Node name for "show online-help": the enter command's first word.
  const std::string name = desc.name.substr(0, desc.name.find(' '));
  std::strncpy(n.node.name, name.c_str(), sizeof n.node.name - 1);
  prepare(n.enter, desc.name, desc.doc, &enter_node);
  enter_targets()[&n.enter.element] = &n;
  for (const auto& c : desc.commands) {
    installed_command& ic = n.commands.emplace_back();
    prepare(ic, c.syntax, c.doc, &run_config_command);
    ic.run = c.run;
  }
  install_node(&n.node, k_writers[index]);
  install_element(CONFIG_NODE, &n.enter.element);
  for (auto& c : n.commands) install_element(n.node.node, &c.element);
  return ok;
}

void install_show_command(const config::show_command& s) {
  installed_command& c = shows().emplace_back();
  prepare(c, s.syntax, s.doc, &run_show_command);
  c.show = s.run;
  install_element_ve(&c.element);
}

bool is_daemon_node(int node) {
  return node >= k_first_node && node < k_first_node + static_cast<int>(nodes().size());
}

int vty_reject(struct vty* vty, const char* fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (vty->type == VTY_FILE) {
    g_file_reject = msg;
  } else {
    vty_out(vty, "%% %s%s", msg, VTY_NEWLINE);
  }
  // Any code other than SUCCESS/WARNING/NOTHING_TODO aborts the file read;
  // INCOMPLETE is the closest meaning ("this line cannot be completed").
  return vty->type == VTY_FILE ? CMD_ERR_INCOMPLETE : CMD_WARNING;
}

std::string take_file_reject_message() {
  std::string msg;
  msg.swap(g_file_reject);
  return msg;
}

}  // namespace cmr::sigtran
