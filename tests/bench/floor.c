/*
 * floor.c -- the benchmark's floor: a libyaml event parse of a file and
 * nothing else (README "Performance"). Prints the number of events, so the work cannot
 * be optimised away, and exits 1 on a parse error.
 *
 *   floor FILE
 */
#include <stdio.h>

#include <yaml.h>

int main(int argc, char **argv)
{
    FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
    if (!f) {
        fprintf(stderr, "usage: floor FILE (a readable YAML file)\n");
        return 2;
    }
    yaml_parser_t p;
    yaml_event_t ev;
    unsigned long events = 0;
    int done = 0, ok = 1;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "floor: %s at line %lu\n",
                    p.problem ? p.problem : "parse error",
                    (unsigned long)p.problem_mark.line + 1);
            ok = 0;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        events++;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    fclose(f);
    printf("%lu events\n", events);
    return ok ? 0 : 1;
}
