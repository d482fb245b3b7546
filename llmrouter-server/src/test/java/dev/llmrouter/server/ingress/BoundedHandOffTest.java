package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The bound on request ends an IO thread leaves to workers: past it, or when refused, the caller runs them. */
class BoundedHandOffTest {
  /** Holds what it is given until told to run it, as workers that have fallen behind. */
  private static final class HeldWorkers implements Executor {
    final List<Runnable> held = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      held.add(task);
    }

    void runAll() {
      List<Runnable> now = new ArrayList<>(held);
      held.clear();
      now.forEach(Runnable::run);
    }
  }

  @Test
  void tasksBeyondTheBoundRunOnTheCallerUntilTheWorkersCatchUp() {
    BoundedHandOff handOff = new BoundedHandOff(3);
    HeldWorkers workers = new HeldWorkers();
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "task " + i;
      handOff.execute(workers, () -> ran.add(name));
    }
    // Three wait for the workers; the fourth and fifth ran at once, on the caller.
    assertEquals(3, workers.held.size());
    assertEquals(3, handOff.pending());
    assertEquals(List.of("task 3", "task 4"), ran);
    workers.runAll();
    assertEquals(0, handOff.pending());
    assertEquals(List.of("task 3", "task 4", "task 0", "task 1", "task 2"), ran);
    // Caught up: the next is handed off again.
    handOff.execute(workers, () -> ran.add("task 5"));
    assertEquals(1, workers.held.size());
    assertEquals(1, handOff.pending());
  }

  @Test
  void aRefusedTaskRunsOnTheCallerAndIsNotCounted() {
    BoundedHandOff handOff = new BoundedHandOff(3);
    List<String> ran = new ArrayList<>();
    handOff.execute(task -> {
      throw new RejectedExecutionException("full");
    }, () -> ran.add("refused"));
    assertEquals(List.of("refused"), ran);
    assertEquals(0, handOff.pending());
  }

  @Test
  void aTaskThatFailsOnAWorkerIsStillCountedOut() {
    BoundedHandOff handOff = new BoundedHandOff(3);
    HeldWorkers workers = new HeldWorkers();
    handOff.execute(workers, () -> {
      throw new IllegalStateException("settling failed");
    });
    assertEquals(1, handOff.pending());
    try {
      workers.runAll();
    } catch (IllegalStateException expected) {
      // the worker's failure is its own
    }
    assertEquals(0, handOff.pending());
  }
}
