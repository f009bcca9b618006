// A layer's configuration node and show commands, described without
// libosmovty: the layer owns its typed configuration, the commands that fill
// it and the lines that write it back; sigtran/ (the only libosmo home)
// installs the description into the Osmocom VTY (sigtran/vty_node.h), so the
// node reads from the .cfg file and the telnet VTY like every Osmocom
// program's.
//
//   config::node n{"scp", "SCP service logic", "scp"};
//   n.commands.push_back({"no-answer-timer <0-600>", "No answer timer\nSeconds\n",
//                         [&cfg](config::args a) { cfg.no_answer = to_u32(a[0]); return ok; }});
//   n.write = [&cfg](config::writer& w) { w.line(" no-answer-timer " + ...); };
//
// Handlers run while the file is read and on the telnet VTY, on the osmo
// thread; a value the syntax accepts but the node cannot use is refused with
// the reason, which the reader prints next to the file name and line.
// Enumerations are parsed in the handler, once, into the typed config.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cmr::config {

// The arguments libosmovty matched to the syntax's variables, in order.
using args = std::span<const std::string_view>;

// Where a node writes itself ("show running-config", "write file"): one
// line at a time, without the newline, indentation included.
class writer {
public:
  virtual ~writer() = default;
  virtual void line(std::string_view text) = 0;
};

struct command {
  std::string syntax;  // libosmovty syntax: "assist-timeout <1-300>"
  std::string doc;     // one help line per token, each ending in '\n'
  std::function<result<void, std::string>(args)> run;
};

struct node {
  std::string name;    // the command entering it from the config node: "scp"
  std::string doc;     // that command's help line
  std::string prompt;  // shown as "%s(config-<prompt>)# "
  std::vector<command> commands;
  std::function<void(writer&)> write;  // the node line itself included
};

// A command of the view and enable nodes ("show cmr scp"). Its output is
// '\n'-separated text; a first character '%' marks it a warning.
struct show_command {
  std::string syntax;
  std::string doc;
  std::function<std::string(args)> run;
};

// The usual refusal text for a value outside what a handler accepts.
inline unexpected<std::string> refuse(std::string why) {
  return unexpected{std::move(why)};
}

}  // namespace cmr::config
