#include "pipeline/worker_liveness.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

namespace ferry {
namespace {

std::string Host() {
  std::string process = ThisProcess();
  return process.substr(0, process.rfind(':'));
}

// A child process that exits at once, reaped: its pid is gone.
int DeadChildPid(std::string* start) {
  int ready[2];
  EXPECT_EQ(pipe(ready), 0);
  pid_t child = fork();
  if (child == 0) {
    char byte;
    (void)!read(ready[0], &byte, 1);  // lives until its start is recorded
    _exit(0);
  }
  *start = ProcessStart(child);
  (void)!write(ready[1], "x", 1);
  waitpid(child, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
  return child;
}

TEST(WorkerLivenessTest, ThisProcessIsAliveAndNamedHostColonPid) {
  EXPECT_EQ(ThisProcess(), Host() + ":" + std::to_string(getpid()));
  std::string start = ProcessStart(getpid());
  ASSERT_FALSE(start.empty());
  EXPECT_FALSE(KnownDead(ThisProcess(), start).has_value());
}

TEST(WorkerLivenessTest, AProcessOfThisHostWhosePidIsGoneIsDead) {
  std::string start;
  int pid = DeadChildPid(&start);
  ASSERT_FALSE(start.empty());
  std::optional<std::string> why = KnownDead(Host() + ":" + std::to_string(pid), start);
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "no process " + std::to_string(pid) + " on this host");
}

TEST(WorkerLivenessTest, APidNowHeldByAProcessStartedLaterIsDead) {
  // This process's pid, recorded with another start time: an earlier process.
  std::istringstream fields(ProcessStart(getpid()));
  std::string boot, ns, ticks;
  ASSERT_TRUE(fields >> boot >> ns >> ticks);
  std::string earlier = boot + " " + ns + " " + std::to_string(std::stoll(ticks) - 1);
  std::optional<std::string> why = KnownDead(ThisProcess(), earlier);
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "pid " + std::to_string(getpid()) + " is now another process");
}

TEST(WorkerLivenessTest, WhatCannotBeJudgedFromHereIsNeverDead) {
  std::string start;
  int pid = DeadChildPid(&start);
  std::string gone = ":" + std::to_string(pid);
  EXPECT_FALSE(KnownDead("another-host" + gone, start).has_value());
  EXPECT_FALSE(KnownDead(Host() + gone, "").has_value());  // start not recorded
  std::string other_boot = "00000000-0000-0000-0000-000000000000" + start.substr(start.find(' '));
  EXPECT_FALSE(KnownDead(Host() + gone, other_boot).has_value());
}

TEST(WorkerLivenessTest, MarkDeadWorkersLeavesLiveAndExitedOnesAlone) {
  std::string start;
  int pid = DeadChildPid(&start);
  WorkerRecord dead;
  dead.process = Host() + ":" + std::to_string(pid);
  dead.process_start = start;
  dead.state = "live";
  WorkerRecord exited = dead;
  exited.state = "exited";
  WorkerRecord self;
  self.process = ThisProcess();
  self.process_start = ProcessStart(getpid());
  self.state = "live";
  std::vector<WorkerRecord> workers = {dead, exited, self};
  MarkDeadWorkers(&workers);
  EXPECT_EQ(workers[0].state, "dead");
  EXPECT_EQ(workers[1].state, "exited");
  EXPECT_EQ(workers[2].state, "live");
}

}  // namespace
}  // namespace ferry
