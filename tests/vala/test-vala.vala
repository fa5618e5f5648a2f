/* test-vala.vala: libbgrun from Vala, through libbgrun-1.vapi
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Compiled against the vapi the build generates (bindings/vala): a
 * handler is registered as a closure, a refresh is submitted with
 * submit_async (yield) for 30 minutes later, run when the test driver's
 * clock gets there, and its completion read
 * back from the history. Prints TAP.
 */

const string APP = "org.example.Vala";
const string REFRESH = APP + ".refresh";

async bool submit (Bgrun.Scheduler scheduler, Bgrun.TaskRequest request) throws Error {
    return yield scheduler.submit_async (request, null);
}

int main () {
    var driver = new Bgrun.TestDriver (APP);
    var scheduler = driver.get_scheduler ();
    var loop = new MainLoop ();
    int runs = 0;
    bool submitted = false;
    Error? failure = null;

    print ("1..1\n");
    try {
        scheduler.register (REFRESH, (s, task) => {
            runs++;
            task.set_task_completed (true);
        });
        var request = new Bgrun.AppRefreshRequest (REFRESH);
        request.set_earliest_begin_date (driver.get_clock ().get_now ().add_minutes (30));
        submit.begin (scheduler, request, (obj, result) => {
            try {
                submitted = submit.end (result);
            } catch (Error e) {
                failure = e;
            }
            loop.quit ();
        });
        loop.run ();
        if (failure != null)
            throw failure;
        if (runs != 0)
            throw new IOError.FAILED ("it ran before its begin date");
        driver.advance (30 * 60);
    } catch (Error e) {
        print ("not ok 1 - a task runs from Vala # %s\n", e.message);
        return 1;
    }

    var history = scheduler.get_history ();
    var last = (Bgrun.HistoryEntry) history.get_item (history.get_n_items () - 1);
    if (!submitted || runs != 1 || last.get_event () != Bgrun.HistoryEvent.COMPLETED) {
        print ("not ok 1 - a task runs from Vala # submitted %s, %d runs, last event %s\n",
               submitted.to_string (), runs, last.get_event ().to_string ());
        return 1;
    }
    print ("ok 1 - a task runs from Vala\n");
    return 0;
}
