#include "sigtran/vty_node.h"

#include <cstdarg>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

namespace cmr::sigtran {
namespace {

// libosmovty keeps pointers to nodes and commands for the process lifetime,
// as it does to the static structs DEFUN creates: deques never move elements.
std::deque<cmd_node>& node_storage() {
  static std::deque<cmd_node> nodes;
  return nodes;
}
std::deque<cmd_element>& command_storage() {
  static std::deque<cmd_element> commands;
  return commands;
}
// One shared handler enters every node: it finds its node by its own element.
std::map<const cmd_element*, int>& enter_targets() {
  static std::map<const cmd_element*, int> targets;
  return targets;
}

std::string g_file_reject;  // osmo thread only, like all of libosmovty

std::set<int> g_entered;  // daemon nodes entered so far (config file or telnet)

int enter_node(cmd_element* self, struct vty* vty, int /*argc*/, const char* /*argv*/[]) {
  const auto it = enter_targets().find(self);
  if (it == enter_targets().end()) return CMD_WARNING;
  g_entered.insert(it->second);
  vty->node = it->second;
  vty->index = nullptr;
  return CMD_SUCCESS;
}

cmd_element* new_command(const char* syntax, const char* doc, vty_command_fn fn) {
  cmd_element& c = command_storage().emplace_back();  // value-initialised: all zero
  c.string = syntax;
  c.func = fn;
  c.doc = doc;
  return &c;
}

}  // namespace

bool is_daemon_node(int node) { return node >= cmr_node && node < vty_node_id_end_; }

bool node_entered(vty_node_id id) { return g_entered.count(id) != 0; }

int vty_print_status(struct vty* vty, std::mutex& mu, const std::function<std::string()>& query,
                     const char* not_running) {
  std::function<std::string()> q;
  {
    const std::lock_guard lock(mu);
    q = query;
  }
  if (!q) {
    vty_out(vty, "%% %s%s", not_running, VTY_NEWLINE);
    return CMD_WARNING;
  }
  std::istringstream lines(q());
  for (std::string line; std::getline(lines, line);)
    vty_out(vty, "%s%s", line.c_str(), VTY_NEWLINE);
  return CMD_SUCCESS;
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

vty_node::vty_node(vty_node_id id, const char* enter, const char* enter_doc, const char* prompt,
                   int (*write)(struct vty*))
    : id_(id),
      node_(&node_storage().emplace_back()),
      enter_(new_command(enter, enter_doc, &enter_node)) {
  node_->node = id;
  node_->prompt = prompt;
  node_->vtysh = 1;
  node_->func = write;
  // Node name for "show online-help": the enter command's first word.
  std::strncpy(node_->name, enter, sizeof node_->name - 1);
  if (char* space = std::strchr(node_->name, ' ')) *space = '\0';
  enter_targets()[enter_] = id;
}

vty_node& vty_node::add(const char* syntax, const char* doc, vty_command_fn fn) {
  commands_.push_back(new_command(syntax, doc, fn));
  return *this;
}

void vty_node::install() {
  install_node(node_, node_->func);
  install_element(CONFIG_NODE, enter_);
  for (cmd_element* c : commands_) install_element(id_, c);
}

}  // namespace cmr::sigtran
