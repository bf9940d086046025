{#- Citus (distributed PostgreSQL, docker compose --profile citus): a fact table is distributed by
    a column (department_id: one department's rows on one worker, so its joins stay local), a small
    dimension is copied to every worker (a reference table). On plain PostgreSQL (no citus extension)
    these post-hooks do nothing. -#}
{% macro citus_distribute(column) -%}
do $citus$ begin
    if exists (select 1 from pg_extension where extname = 'citus') then
        perform create_distributed_table('{{ this }}', '{{ column }}');
    end if;
end $citus$
{%- endmacro %}

{% macro citus_reference() -%}
do $citus$ begin
    if exists (select 1 from pg_extension where extname = 'citus') then
        perform create_reference_table('{{ this }}');
    end if;
end $citus$
{%- endmacro %}
